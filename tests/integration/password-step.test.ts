import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESSES } from '@/lib/sessions/ladder';
import { db, sql } from '@/db';
import { upsertIntegration } from '@/db/queries/credentials';
import { currentLadderPolicy, publishLadderPolicy } from '@/db/queries/ladder-policy';
import { insertVerification } from '@/db/queries/service-sessions';
import { DomainError } from '@/lib/actions/result';
import { handleKeypad } from '@/lib/integrations/telephony';
import { promptForPassword } from '@/lib/sessions/password-step';
import { requestMobileChange } from '@/lib/customers/info-change';
import { collectActions } from './actions';
import { basicVerifiedSession, CUSTOMER_PASSWORD, freshMobile, giveCustomerPassword, makeUser, sessionWithCustomer, uniqueName, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq } from './helpers';

const TOKEN = `test-ivr-${'k'.repeat(40)}`;
let teller: TestUser;
let admin: TestUser;
let integrationName: string;

function keypad(body: unknown, token: string | null = TOKEN): Promise<Response> {
  const headers = new Headers({ 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.9' });
  if (token) headers.set('authorization', `Bearer ${token}`);
  return handleKeypad(new Request('http://localhost/api/integrations/telephony/password', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) }));
}

async function promptedSession() {
  const s = await basicVerifiedSession(teller.id);
  await giveCustomerPassword(s.customer.id);
  await promptForPassword(s.sessionId, teller.id);
  return s;
}

const passwordResults = (sessionId: string) => sql<{ result: string }[]>`SELECT result FROM verifications WHERE session_id = ${sessionId} AND kind = 'password' ORDER BY created_at`;

beforeAll(async () => {
  teller = await makeUser('teller');
  admin = await makeUser('admin');
  integrationName = uniqueName('ivr');
  await upsertIntegration({ name: integrationName, token: TOKEN, capabilities: ['keypad'], createdBy: null });
});

describe('asking for the password', () => {
  it('needs basic information first, and a customer who has a password', async () => {
    const s = await sessionWithCustomer(teller.id);
    await expect(promptForPassword(s.sessionId, teller.id)).rejects.toMatchObject({ key: 'errors.basicFirst' });
    const v = await basicVerifiedSession(teller.id);
    await expect(promptForPassword(v.sessionId, teller.id)).rejects.toMatchObject({ key: 'errors.noCustomerPassword' });
    await giveCustomerPassword(v.customer.id);
    await expect(promptForPassword(v.sessionId, teller.id)).resolves.toEqual(expect.any(String));
  });

  it("only the session's own teller can ask", async () => {
    const s = await basicVerifiedSession(teller.id);
    await giveCustomerPassword(s.customer.id);
    const other = await makeUser('teller');
    await expect(promptForPassword(s.sessionId, other.id)).rejects.toBeInstanceOf(DomainError);
  });
});

describe('the telephony integration endpoint', () => {
  it('refuses a bad or missing token with 401, audits it, and writes nothing else', async () => {
    const s = await promptedSession();
    for (const token of ['not-the-token-but-long-enough-000', null]) {
      const before = await businessChecksums();
      const seq = await maxAuditSeq();
      const res = await keypad({ sessionId: s.sessionId, digits: CUSTOMER_PASSWORD }, token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await businessChecksums()).toEqual(before);
      expect(await auditSince(seq)).toMatchObject([{ action: 'integration.keypad', outcome: 'denied', actor_id: null, ip: '198.51.100.9', details: { reason: token ? 'bad_token' : 'no_token' } }]);
    }
    expect(await passwordResults(s.sessionId)).toEqual([]);
  });

  it("a token without the keypad capability (the recorder's) gets 403, audited, and writes nothing", async () => {
    const name = uniqueName('rec');
    const token = `recorder-only-${'q'.repeat(30)}`;
    await upsertIntegration({ name, token, capabilities: ['recording'], createdBy: null });
    const s = await promptedSession();
    const seq = await maxAuditSeq();
    expect((await keypad({ sessionId: s.sessionId, digits: CUSTOMER_PASSWORD }, token)).status).toBe(403);
    expect(await auditSince(seq)).toMatchObject([{ action: 'integration.keypad', outcome: 'denied', details: { reason: 'capability', integration: name } }]);
    expect(await passwordResults(s.sessionId)).toEqual([]);
  });

  it('a revoked token stops working', async () => {
    const name = uniqueName('old');
    const token = `old-ivr-${'z'.repeat(40)}`;
    await upsertIntegration({ name, token, capabilities: ['keypad'], createdBy: null });
    await sql`UPDATE integrations SET revoked_at = now() WHERE name = ${name}`;
    const s = await promptedSession();
    expect((await keypad({ sessionId: s.sessionId, digits: CUSTOMER_PASSWORD }, token)).status).toBe(401);
  });

  it('accepts the right digits once: the step passes, the prompt is used up, a replay is refused', async () => {
    const s = await promptedSession();
    const seq = await maxAuditSeq();
    const res = await keypad({ sessionId: s.sessionId, digits: CUSTOMER_PASSWORD });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: 'pass', locked: false });
    expect(await passwordResults(s.sessionId)).toEqual([{ result: 'pass' }]);
    const audit = await auditSince(seq);
    expect(audit).toMatchObject([{ action: 'integration.keypad', outcome: 'ok', entity_id: s.sessionId, details: { integration: integrationName, result: 'pass' } }]);
    // The digits are never in the audit trail.
    expect(JSON.stringify(audit)).not.toContain(CUSTOMER_PASSWORD);
    const [event] = await sql<{ data: Record<string, unknown> }[]>`SELECT data FROM session_events WHERE session_id = ${s.sessionId} AND kind = 'verification.password'`;
    expect(event!.data).toEqual({ result: 'pass', via: integrationName });

    const replay = await keypad({ sessionId: s.sessionId, digits: CUSTOMER_PASSWORD });
    expect(replay.status).toBe(409);
    expect(await replay.json()).toEqual({ error: 'noPrompt' });
    expect(await passwordResults(s.sessionId)).toEqual([{ result: 'pass' }]);
  });

  it('records wrong digits as a failed attempt; an expired prompt is refused', async () => {
    const s = await promptedSession();
    const res = await keypad({ sessionId: s.sessionId, digits: '000000' });
    expect(await res.json()).toEqual({ result: 'fail', locked: false });
    await promptForPassword(s.sessionId, teller.id);
    await sql`UPDATE password_prompts SET expires_at = now() - interval '1 second' WHERE session_id = ${s.sessionId} AND answered_at IS NULL AND superseded_at IS NULL`;
    const late = await keypad({ sessionId: s.sessionId, digits: CUSTOMER_PASSWORD });
    expect(late.status).toBe(409);
    expect(await late.json()).toEqual({ error: 'expired' });
    expect(await passwordResults(s.sessionId)).toEqual([{ result: 'fail' }]);
  });

  it('a new prompt replaces the old one; digits for a session with no prompt are refused', async () => {
    const s = await promptedSession();
    await promptForPassword(s.sessionId, teller.id);
    const [{ live }] = await sql<{ live: number }[]>`SELECT count(*)::int AS live FROM password_prompts WHERE session_id = ${s.sessionId} AND answered_at IS NULL AND superseded_at IS NULL`;
    expect(live).toBe(1);
    const other = await sessionWithCustomer(teller.id);
    expect((await keypad({ sessionId: other.sessionId, digits: CUSTOMER_PASSWORD })).status).toBe(409);
  });

  it('three wrong passwords across sessions lock the customer; then the endpoint answers 423', async () => {
    const s = await promptedSession();
    const again = async (sessionId: string) => {
      await promptForPassword(sessionId, teller.id);
      return (await keypad({ sessionId, digits: '111111' })).json();
    };
    expect(await (await keypad({ sessionId: s.sessionId, digits: '111111' })).json()).toEqual({ result: 'fail', locked: false });
    expect(await again(s.sessionId)).toEqual({ result: 'fail', locked: false });
    // A second session with the same customer: the lock counts across sessions.
    const second = await sql<{ id: string }[]>`INSERT INTO service_sessions (teller_id, channel, customer_id) VALUES (${teller.id}, 'phone', ${s.customer.id}) RETURNING id`;
    const sid = second[0]!.id;
    await insertVerification(db, { sessionId: sid, customerId: s.customer.id, kind: 'basic', result: 'pass', performedBy: teller.id });
    expect(await again(sid)).toEqual({ result: 'fail', locked: true });
    const [lock] = await sql<{ step: string }[]>`SELECT step FROM verification_locks WHERE customer_id = ${s.customer.id} AND status = 'open'`;
    expect(lock!.step).toBe('password');
    await expect(promptForPassword(sid, teller.id)).rejects.toMatchObject({ key: 'errors.customerLocked' });
  });

  it('bad input gets 400 with the field named, and writes nothing', async () => {
    const s = await promptedSession();
    const before = await businessChecksums();
    for (const body of [{ sessionId: s.sessionId, digits: '12ab56' }, { sessionId: 'x', digits: CUSTOMER_PASSWORD }, 'not json', { digits: 1234567 }]) {
      const res = await keypad(body);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe('invalid');
    }
    // last_used_at of the integration moves; nothing else does.
    const after = await businessChecksums();
    expect({ ...after, integrations: null }).toEqual({ ...before, integrations: null });
    expect(await (await keypad({ sessionId: s.sessionId, digits: 'abc' })).json()).toEqual({ error: 'invalid', fields: ['digits'] });
  });
});

describe('the ladder policy gates the business', () => {
  let original: Awaited<ReturnType<typeof currentLadderPolicy>>;
  beforeAll(async () => {
    original = await currentLadderPolicy();
  });
  afterAll(async () => {
    // Policies are append-only: put the default back as the newest version for the tests that follow.
    const now = await currentLadderPolicy();
    if (JSON.stringify(now.rules) !== JSON.stringify(original.rules)) await publishLadderPolicy(db, { basedOn: now.version, rules: original.rules, note: 'restore', by: admin.id });
  });

  it('by default a mobile change is refused without the password step, even with every other step passed', async () => {
    const s = await basicVerifiedSession(teller.id);
    for (const kind of ['otp', 'confirmation'] as const) await insertVerification(db, { sessionId: s.sessionId, customerId: s.customer.id, kind, result: 'pass', performedBy: teller.id });
    await expect(requestMobileChange(s.sessionId, teller.id, { newMobile: freshMobile(), idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: 'errors.verificationRequired' });
    // And through the action, as a teller would call it.
    actAs(teller.sid);
    const result = await collectActions().get('changeRequest.create')!(null, { sessionId: s.sessionId, newMobile: freshMobile(), idempotencyKey: randomUUID() });
    expect(result).toMatchObject({ ok: false, message: 'errors.verificationRequired' });
    const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases WHERE session_id = ${s.sessionId}`;
    expect(n).toBe(0);
  });

  it('an administrator publishes a new version; it applies by the customer risk level at once', async () => {
    actAs(admin.sid);
    const publish = collectActions().get('ladderPolicy.publish')!;
    const form = { basedOn: String(original.version), note: '低风险客户改号免查询密码（测试）', 'change_mobile.low.basic': 'on', 'change_mobile.low.otp': 'on' } as Record<string, string>;
    for (const risk of ['medium', 'high']) for (const step of ['basic', 'password', 'otp']) form[`change_mobile.${risk}.${step}`] = 'on';
    // The other businesses keep the full ladder at every level.
    for (const business of BUSINESSES.filter((b) => b !== 'change_mobile')) for (const risk of ['low', 'medium', 'high']) for (const step of ['basic', 'password', 'otp']) form[`${business}.${risk}.${step}`] = 'on';
    const result = await publish(null, form);
    expect(result).toMatchObject({ ok: true, data: { version: original.version + 1 } });
    // A second publish on the same base is refused: nobody overwrites a version they have not seen.
    expect(await publish(null, form)).toMatchObject({ ok: false, message: 'errors.policyChanged' });
    // Basic information cannot be dropped.
    const noBasic: Record<string, string> = { ...form, basedOn: String(original.version + 1) };
    delete noBasic['change_mobile.high.basic'];
    expect(await publish(null, noBasic)).toMatchObject({ ok: false, fieldErrors: { 'change_mobile.high.basic': ['errors.policyNeedsBasic'] } });

    const low = await basicVerifiedSession(teller.id);
    await sql`UPDATE customers SET risk_level = 'low' WHERE id = ${low.customer.id}`;
    for (const kind of ['otp', 'confirmation'] as const) await insertVerification(db, { sessionId: low.sessionId, customerId: low.customer.id, kind, result: 'pass', performedBy: teller.id });
    // Without the password step: the new version lets it through for a low-risk customer (the default would not).
    const opened = await requestMobileChange(low.sessionId, teller.id, { newMobile: freshMobile(), idempotencyKey: randomUUID() });
    expect(opened).toMatchObject({ state: 'pending_approval', existing: false });
    expect(await sql`SELECT type, state, customer_id FROM cases WHERE id = ${opened.id}`).toEqual([{ type: 'change_mobile', state: 'pending_approval', customer_id: low.customer.id }]);

    const medium = await basicVerifiedSession(teller.id);
    await sql`UPDATE customers SET risk_level = 'medium' WHERE id = ${medium.customer.id}`;
    for (const kind of ['otp', 'confirmation'] as const) await insertVerification(db, { sessionId: medium.sessionId, customerId: medium.customer.id, kind, result: 'pass', performedBy: teller.id });
    await expect(requestMobileChange(medium.sessionId, teller.id, { newMobile: freshMobile(), idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: 'errors.verificationRequired' });
    const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases WHERE session_id = ${medium.sessionId}`;
    expect(n).toBe(0);
  });

  it('versions are append-only in the database', async () => {
    await expect(sql`UPDATE ladder_policies SET note = 'changed' WHERE version = 1`).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM ladder_policies WHERE version = 1`).rejects.toThrow(/append-only/);
  });
});
