import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { createStaffSession } from '@/db/queries/staff-sessions';
import { actions as permissionMap, dataRoutes, type ActionName } from '@/lib/auth/permissions';
import { ROLES, type Role } from '@/lib/auth/roles';
import { demoTelephonyToken, ensureDemoIntegration } from '@/lib/integrations/demo';
import { handleKeypad } from '@/lib/integrations/telephony';
import { collectActions, ROUTE_MODULES } from './actions';
import { dropOwnDatabase, installWriteLog, useOwnDatabase, writeMark, writesSince } from './fuzz-db';
import { buildFixture, type Fixture } from './fuzz-fixture';
import { describePayload, idArb, materialize, payloadArb, type Payload } from './fuzz-inputs';
import { DATA_ROUTES, OTHER_ROUTES, queryArb, routeBodyArb, routeHeaderArb, uploadBodyArb, uploadHeaderArb } from './fuzz-routes';
import { actAs, businessChecksums, serveHandler } from './helpers';

/**
 * Input robustness (fast-check): every server action, both upload routes and every other route handler under app/api,
 * driven with generated input — wrong types, huge and hostile strings, odd numbers, junk objects, prototype keys,
 * spoiled ids and real ids of other people's objects — mostly as a role that may use it (so input reaches zod and the
 * domain), now and then as a wrong role or signed out. Nothing may throw, answer 5xx or `errors.unexpected`, write a
 * business row on a refusal, pollute Object.prototype or leave an unhandled rejection.
 *
 * FUZZ_RUNS: the total number of cases (default 20,000, about 2 minutes here), spread evenly over the targets.
 * FUZZ_SEED: the seed (printed at the end and with every failure) to replay a run; in CI a fixed one, so CI is stable
 * and a failure there is reproducible; elsewhere a new one each run, to explore.
 */

const TOTAL = Number(process.env.FUZZ_RUNS ?? 20_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20_250_611 : Date.now() ^ (Math.random() * 0x7fffffff);
const TARGET_TIMEOUT = 600_000;

const registry = collectActions();
const actionNames = Object.keys(permissionMap) as ActionName[];
const UPLOAD_ROUTES = Object.values(ROUTE_MODULES).map((m) => m.POST);
const ROUTE_TARGETS = [...Object.values(DATA_ROUTES).flat(), ...OTHER_ROUTES];
const targetCount = actionNames.length + UPLOAD_ROUTES.length + ROUTE_TARGETS.length;
const RUNS = Math.max(1, Math.ceil(TOTAL / targetCount));

/**
 * Refusals whose bookkeeping commits on purpose (see the handler): a wrong step-up answer counts towards the account's
 * lockout. Only these writes, only for these actions.
 */
const WRITES_ON_REFUSAL: Partial<Record<ActionName, RegExp>> = { 'account.stepUp': /^UPDATE staff \((failed_sign_ins|locked_until|,)+\) ×\d+$/ };

type Caller = Role | 'signed-out';

const counts = new Map<string, number>();
const failed: string[] = [];
// How deep the allowed callers' action cases went: refused by the schema, refused past it (the domain), or done.
const depth = new Map<string, { schema: number; domain: number; ok: number }>();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).length;

let fx: Fixture;
let keypadEndpoint: Awaited<ReturnType<typeof serveHandler>> | undefined;

beforeAll(async () => {
  await useOwnDatabase();
  // The demo keypad posts to the telephony endpoint over HTTP: serve the real handler.
  keypadEndpoint = await serveHandler(handleKeypad);
  process.env.AIR_COUNTER_SELF_URL = keypadEndpoint.url;
  await ensureDemoIntegration();
  fx = await buildFixture();
  await installWriteLog();
}, 300_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await keypadEndpoint?.close();
  delete process.env.AIR_COUNTER_SELF_URL;
  await dropOwnDatabase();
});

/** What is wrong with an action's answer, if anything: it must be a well-formed ActionResult, and not a hidden 500. */
function resultProblems(result: unknown): string[] {
  if (typeof result !== 'object' || result === null) return [`not an ActionResult: ${String(result)}`];
  const r = result as Record<string, unknown>;
  const problems: string[] = [];
  if (r.ok === true) {
    if (!('data' in r)) problems.push('ok without data');
    if (r.message !== undefined && typeof r.message !== 'string') problems.push('message not a string');
    if (r.tone !== undefined && r.tone !== 'success' && r.tone !== 'warning') problems.push(`tone ${String(r.tone)}`);
    return problems;
  }
  if (r.ok !== false) return [`ok is ${String(r.ok)}`];
  if (typeof r.message !== 'string' || !r.message) problems.push('refusal without a message');
  if (r.message === 'errors.unexpected') problems.push('errors.unexpected (an exception inside the action: a 500)');
  const fe = r.fieldErrors;
  if (typeof fe !== 'object' || fe === null || Array.isArray(fe)) problems.push('fieldErrors not an object');
  else for (const [k, v] of Object.entries(fe)) if (!Array.isArray(v) || !v.every((m) => typeof m === 'string')) problems.push(`fieldErrors.${k} not a list of messages`);
  return problems;
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code ?? (err as { cause?: { code?: unknown } }).cause?.code;
  return `${err.name}${code ? ` (${String(code)})` : ''}: ${err.message.slice(0, 300)}\n${err.stack?.split('\n').slice(1, 6).join('\n')}`;
}

function shorten(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 400 ? `${text.slice(0, 400)}…` : text;
  } catch {
    return String(value);
  }
}

function polluted(): boolean {
  const probe = {} as Record<string, unknown>;
  return Object.getOwnPropertyNames(Object.prototype).length !== prototypeKeys || probe.polluted !== undefined || probe.isAdmin !== undefined;
}

/** Mostly a role that may (so input goes deep), sometimes one that may not, sometimes nobody. */
function callerArb(roles: readonly Role[] | null): fc.Arbitrary<Caller> {
  const allowed = roles ?? ROLES;
  const others = ROLES.filter((r) => !allowed.includes(r));
  return fc.oneof(
    { weight: 17, arbitrary: fc.constantFrom(...allowed) },
    { weight: 2, arbitrary: fc.constantFrom(...(others.length ? others : allowed)) },
    { weight: 1, arbitrary: fc.constant<Caller>('signed-out') },
  );
}

const allows = (roles: readonly Role[] | null, caller: Caller) => caller !== 'signed-out' && (!roles || roles.includes(caller));

function actAsCaller(caller: Caller): void {
  actAs(caller === 'signed-out' ? null : fx.users[caller].sid);
}

/**
 * Inputs every action gets besides the generated ones, from bugs found before: a form field named "__proto__" holding
 * a file, fields named like members of Object.prototype, NUL and lone surrogates in values and in keys.
 */
function hostileExamples(role: Role, fields: string[], formOnly: boolean): [Caller, Payload][] {
  const file = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'x.png', { type: 'image/png' });
  const all = (value: unknown) => fields.map((f): [string, unknown] => [f, value]);
  const payloads: Payload[] = [
    { shape: 'form', entries: [['__proto__', file()], ...all('x')] },
    { shape: 'form', entries: [['constructor', 'x'.repeat(20)], ['toString', 'x'.repeat(20)], ['hasOwnProperty', 'x'.repeat(20)], ...all('x\u0000')] },
    { shape: 'form', entries: [['\u0000', 'x'.repeat(20)], ['r_\u0000', 'x'.repeat(20)], ...all('')] },
    { shape: 'object', entries: [['__proto__', { polluted: 'yes' }], ['constructor', { prototype: { polluted: 'yes' } }], ...all('\ud800')] },
  ];
  return payloads.filter((p) => !formOnly || p.shape === 'form').map((p) => [role, p]);
}

/** Runs RUNS cases of one target, each checked by `check` (which throws to fail), and counts them. */
async function fuzz<T>(label: string, arb: fc.Arbitrary<T>, check: (value: T) => Promise<string[]>, examples: T[] = []): Promise<void> {
  let runs = 0;
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (value) => {
        runs += 1;
        const problems = await check(value);
        if (polluted()) problems.push('Object.prototype was polluted');
        if (problems.length) throw new Error(`${label}: ${problems.join('\n  ')}`);
      }),
      { numRuns: RUNS, seed: SEED, examples: examples.map((e) => [e] as [T]) },
    );
  } catch (err) {
    failed.push(label);
    throw err;
  } finally {
    counts.set(label, (counts.get(label) ?? 0) + runs);
  }
}

/** Refused (not ok), yet wrote business rows: what, beyond the writes this target may make on a refusal. */
async function writesOnRefusal(mark: number, allowed?: RegExp): Promise<string[]> {
  const writes = (await writesSince(mark)).filter((w) => !allowed?.test(w));
  return writes.length ? [`refused, yet wrote: ${writes.join(', ')}`] : [];
}

/** Fresh sign-ins for the fuzzing users before each target: actions that ask for a recent sign-in (step-up) then reach their input. */
async function signInAfresh(): Promise<void> {
  for (const role of ROLES) fx.users[role].sid = await createStaffSession(fx.users[role].id);
}

/** The fuzzing users are still signed in with their roles: a case that signed one out would blind the rest. */
async function expectFuzzersSignedIn(): Promise<void> {
  const rows = await sql<{ role: string; live: boolean }[]>`
    SELECT s.role::text AS role, (ss.ended_at IS NULL AND s.active) AS live FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id
    WHERE ss.id IN ${sql(ROLES.map((r) => fx.users[r].sid))} ORDER BY 1`;
  expect(rows).toEqual([...ROLES].sort().map((role) => ({ role, live: true })));
}

describe('the fuzz harness', () => {
  it('has every action of the permission map and every data route to fuzz', () => {
    expect([...registry.keys()].sort()).toEqual([...actionNames].sort());
    expect(Object.keys(DATA_ROUTES).sort()).toEqual(Object.keys(dataRoutes).sort());
  });

  it('sees a committed write of an action, and not one rolled back', async () => {
    const mark = await writeMark();
    actAs(fx.users.teller.sid);
    expect(await registry.get('session.start')!(null, { channel: 'phone' })).toMatchObject({ ok: true });
    expect(await writesSince(mark)).toContainEqual(expect.stringMatching(/^INSERT service_sessions/));
    const after = await writeMark();
    await sql
      .begin(async (tx) => {
        await tx`UPDATE staff SET display_name = display_name || 'x' WHERE id = ${fx.users.teller.id}`;
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect(await writesSince(after)).toEqual([]);
  });
});

describe('server actions', () => {
  it.each(actionNames)('%s', async (name) => {
    await signInAfresh();
    const action = registry.get(name)!;
    const allowed = permissionMap[name] as readonly Role[];
    const formOnly = UPLOAD_ROUTES.some((r) => r.actionName === name);
    const checksums = await businessChecksums();
    const start = await writeMark();
    const arb = fc.tuple(callerArb(allowed), payloadArb(fx.fields[name], fx.ctx, { formOnly, learned: fx.learned[name] }));
    const examples = hostileExamples(allowed[0]!, fx.fields[name], formOnly);
    await fuzz(name, arb, async ([caller, payload]) => {
      actAsCaller(caller);
      const mark = await writeMark();
      let result: unknown;
      try {
        result = await action(null, materialize(payload) as FormData);
      } catch (err) {
        return [`threw as ${caller}: ${describeError(err)}`, `payload: ${describePayload(payload)}`];
      }
      const problems = resultProblems(result);
      const r = result as { ok?: boolean; message?: string };
      if (caller === 'signed-out' && shorten(result) !== shorten({ ok: false, message: 'errors.signedOut', fieldErrors: {} })) problems.push('signed out, not refused as such');
      if (caller !== 'signed-out' && !allows(allowed, caller) && shorten(result) !== shorten({ ok: false, message: 'errors.forbidden', fieldErrors: {} })) problems.push('a wrong role, not refused as forbidden');
      if (r.ok !== true) problems.push(...(await writesOnRefusal(mark, WRITES_ON_REFUSAL[name])));
      if (allows(allowed, caller)) {
        const d = depth.get(name) ?? { schema: 0, domain: 0, ok: 0 };
        d[r.ok ? 'ok' : r.message === 'errors.checkFields' ? 'schema' : 'domain'] += 1;
        depth.set(name, d);
      }
      return problems.length ? [`as ${caller}: ${problems.join('; ')}`, `result: ${shorten(result)}`, `payload: ${describePayload(payload)}`] : [];
    }, examples);
    // The write log checked against the checksums: when it saw nothing but sign-ins' last requests (which the
    // checksums leave out too), the tables are as they were.
    if ((await writesSince(start, { activity: true })).every((w) => w.startsWith('UPDATE staff_sessions (last_seen_at) ×'))) expect(await businessChecksums()).toEqual(checksums);
    await expectFuzzersSignedIn();
  }, TARGET_TIMEOUT);
});

describe('upload routes (multipart, as the browser posts them)', () => {
  it.each(UPLOAD_ROUTES.map((r) => [r.actionName, r] as const))('%s', async (name, route) => {
    await signInAfresh();
    const allowed = permissionMap[name] as readonly Role[];
    const fields = fx.fields[name].filter((f) => !route.routeParams.includes(f));
    const form = payloadArb(fields, fx.ctx, { formOnly: true, learned: fx.learned[name] }).map((p) => ({ form: materialize(p) as FormData, shown: describePayload(p) }));
    await fuzz(`route ${name}`, fc.tuple(callerArb(allowed), idArb(fx.ctx), uploadBodyArb(form), uploadHeaderArb), async ([caller, id, body, headers]) => {
      actAsCaller(caller);
      const mark = await writeMark();
      const init: RequestInit & { headers: Record<string, string> } = { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.7', host: 'localhost', ...headers } };
      if (body.kind === 'form') init.body = body.form;
      if (body.kind === 'raw') {
        init.body = body.body;
        init.headers['content-type'] = body.type;
      }
      const shown = `param ${JSON.stringify(id.slice(0, 80))}, headers ${JSON.stringify(headers)}, body ${body.shown}`;
      let res: Response;
      let json: unknown;
      try {
        res = await route(new Request('http://localhost/api/upload', init), { params: Promise.resolve(Object.fromEntries(route.routeParams.map((p) => [p, id]))) });
        json = await res.json();
      } catch (err) {
        return [`threw as ${caller}: ${describeError(err)}`, shown];
      }
      const problems = resultProblems(json);
      if (res.status >= 500) problems.push(`status ${res.status}`);
      // Another site's origin is refused before anything else (CSRF); then nobody signed in, then a wrong role.
      const foreign = !!headers.origin && headers.origin !== 'http://localhost';
      if (foreign && res.status !== 403) problems.push(`a foreign origin, answered ${res.status}`);
      if (!foreign && caller === 'signed-out' && res.status !== 401) problems.push(`signed out, answered ${res.status}`);
      if (caller !== 'signed-out' && !allows(allowed, caller) && res.status !== 403) problems.push(`a wrong role, answered ${res.status}`);
      if ((json as { ok?: unknown })?.ok !== true) problems.push(...(await writesOnRefusal(mark)));
      return problems.length ? [`as ${caller}: ${problems.join('; ')}`, `status ${res.status} ${shorten(json)}`, shown] : [];
    });
    await expectFuzzersSignedIn();
  }, TARGET_TIMEOUT);
});

describe('route handlers (data routes, live board, heartbeat, health, telephony)', () => {
  it.each(ROUTE_TARGETS.map((t) => [t.label, t] as const))('%s', async (label, t) => {
    await signInAfresh();
    await fuzz(label, fc.tuple(callerArb(t.roles), idArb(fx.ctx), queryArb(t), routeHeaderArb, routeBodyArb(fx.ctx)), async ([caller, id, query, headers, body]) => {
      actAsCaller(caller);
      const mark = await writeMark();
      const url = new URL('http://localhost/api/route');
      for (const [k, v] of query) url.searchParams.append(k, v);
      const h = { ...headers, ...(headers.authorization === '__demo__' ? { authorization: `Bearer ${demoTelephonyToken()}` } : {}) };
      const abort = new AbortController();
      const init: RequestInit = { method: t.method, headers: h, signal: abort.signal, ...(t.method === 'POST' ? { body } : {}) };
      const shown = `param ${JSON.stringify(id.slice(0, 80))}, query ${shorten(url.search.slice(0, 300))}, headers ${shorten(headers)}, body ${typeof body === 'string' ? JSON.stringify(body.slice(0, 80)) : 'form'}`;
      let res: Response;
      try {
        res = await t.handler(new Request(url, init), { params: Promise.resolve(t.param ? { [t.param]: id } : {}) });
        // An event stream stays open: the client goes away. Anything else is read to its end (a CSV, a file).
        if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
          abort.abort();
          await res.body?.cancel();
        } else {
          await res.arrayBuffer();
        }
      } catch (err) {
        return [`threw as ${caller}: ${describeError(err)}`, shown];
      }
      const problems: string[] = [];
      if (res.status >= 500) problems.push(`status ${res.status}`);
      if (t.roles && caller === 'signed-out' && res.status !== 401) problems.push(`signed out, answered ${res.status}`);
      if (t.roles && caller !== 'signed-out' && !allows(t.roles, caller) && res.status !== 403) problems.push(`a wrong role, answered ${res.status}`);
      // A read writes nothing (its audit row aside); an integration's call only when accepted.
      if (!t.writes || res.status >= 400) problems.push(...(await writesOnRefusal(mark)));
      return problems.length ? [`as ${caller}: ${problems.join('; ')}`, shown] : [];
    });
    await expectFuzzersSignedIn();
  }, TARGET_TIMEOUT);
});

describe('the whole run', () => {
  it('ran every target, with no unhandled rejection', () => {
    const perTarget = [...counts.values()];
    const total = perTarget.reduce((a, b) => a + b, 0);
    const d = [...depth.values()].reduce((a, x) => ({ schema: a.schema + x.schema, domain: a.domain + x.domain, ok: a.ok + x.ok }), { schema: 0, domain: 0, ok: 0 });
    const shallow = [...depth.entries()].filter(([, x]) => x.domain + x.ok === 0).map(([n]) => n);
    console.log(
      `fuzz: ${total} cases over ${counts.size} targets (per target min ${Math.min(...perTarget)}, max ${Math.max(...perTarget)}), seed ${SEED}, failures ${failed.length}${failed.length ? ` (${failed.join(', ')})` : ''}, unhandled rejections ${unhandled.length}\n` +
        `fuzz: allowed callers' action cases: ${d.schema} refused by the schema, ${d.domain} refused past it, ${d.ok} done; never past the schema: ${shallow.join(', ') || 'none'}`,
    );
    expect(unhandled.map((r) => describeError(r))).toEqual([]);
    expect(counts.size).toBe(targetCount);
    if (!process.env.FUZZ_RUNS) expect(total).toBeGreaterThanOrEqual(10_000);
  });
});
