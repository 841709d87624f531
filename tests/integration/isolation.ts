import postgres from 'postgres';

/**
 * A small isolation tester in the manner of PostgreSQL's own (src/test/isolation): sessions with named steps, run in
 * explicit interleavings ("permutations"). Steps run one at a time in the order given; a step that waits on a lock is
 * seen in the server's lock table and left waiting while the runner goes on to the next step, and after every step the
 * waiting ones are checked again. Each step's outcome is recorded (ok / error code / waited first).
 *
 * Two kinds of session:
 * - `sqlSession`: a dedicated connection of its own (one backend, its pid known), for statements sent directly —
 *   BEGIN, an INSERT that bypasses the code's checks, COMMIT — to prove what the database itself refuses.
 * - `appSession`: an actor calling the application's real services or actions, which use the app's pool. Its backend
 *   is not known in advance: a lock waiter that appears while the step runs, and belongs to no other session, is its.
 *
 * As in isolationtester, a permutation whose next step belongs to a session still blocked on an earlier step cannot be
 * run: the runner waits briefly (a deadlock is resolved by the server within deadlock_timeout), then reports the
 * permutation as invalid instead of hanging.
 */

export type StepOutcome = {
  step: string;
  session: string;
  /** It waited on a lock held by another session before it finished. */
  waited: boolean;
  status: 'ok' | 'error';
  /** The step's return value (for SQL steps, the driver's result: rows with `command` and `count`). */
  value?: unknown;
  /** SQLSTATE of a database error, or `domain:<key>` for the application's DomainError. */
  code?: string;
  constraint?: string;
  message?: string;
};

type SqlStep<F> = (conn: postgres.Sql, fixture: F) => Promise<unknown>;
type AppStep<F> = (fixture: F) => Promise<unknown>;
type SessionSpec<F> = { kind: 'sql'; steps: Record<string, SqlStep<F>> } | { kind: 'app'; steps: Record<string, AppStep<F>> };

export function sqlSession<F>(steps: Record<string, SqlStep<F>>): SessionSpec<F> {
  return { kind: 'sql', steps };
}
export function appSession<F>(steps: Record<string, AppStep<F>>): SessionSpec<F> {
  return { kind: 'app', steps };
}

export type Spec<F> = {
  /** Fresh data for one permutation (a new case, new accounts...), so permutations do not see each other; made ahead. */
  setup: () => Promise<F>;
  sessions: Record<string, SessionSpec<F>>;
};

export type PermutationResult<F> = {
  permutation: string[];
  fixture: F;
  outcomes: Record<string, StepOutcome>;
  transcript: string[];
  /** Why the permutation could not be run as written (a step of a session still blocked), if so. */
  invalid?: string;
};

/** Every interleaving of the lists that keeps each list's own order (what isolationtester runs by default). */
export function interleavings(...lists: string[][]): string[][] {
  const out: string[][] = [];
  const walk = (prefix: string[], rest: string[][]) => {
    if (rest.every((l) => l.length === 0)) return void out.push(prefix);
    rest.forEach((l, i) => {
      if (l.length === 0) return;
      walk([...prefix, l[0]!], rest.map((m, j) => (j === i ? m.slice(1) : m)));
    });
  };
  walk([], lists);
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const POLL_MS = 5;
/** Longer than the server's deadlock_timeout (1 s by default), so a deadlock is resolved before we give up. */
const DEADLOCK_GRACE_MS = 2_500;
const STEP_DEADLINE_MS = 20_000;
const SETUP_BATCH = 4;

type Running = {
  step: string;
  session: string;
  kind: 'sql' | 'app';
  pid?: number;
  settled: boolean;
  waited: boolean;
  outcome?: StepOutcome;
  done: Promise<void>;
};

function outcomeOf(step: string, session: string, waited: boolean, value: unknown, err: unknown): StepOutcome {
  if (err === undefined) return { step, session, waited, status: 'ok', value };
  // Drizzle wraps the driver's error; the PostgreSQL fields are on its cause. A DomainError carries its message key.
  const e = ((err as { cause?: unknown })?.cause ?? err) as { code?: unknown; constraint_name?: string; message?: string };
  const key = (err as { key?: unknown })?.key;
  const code = typeof e.code === 'string' ? e.code : typeof key === 'string' ? `domain:${key}` : undefined;
  return { step, session, waited, status: 'error', code, constraint: e.constraint_name, message: e.message ?? String(err) };
}

function describeOutcome(o: StepOutcome): string {
  if (o.status === 'error') return `ERROR ${o.code ?? '-'}${o.constraint ? ` [${o.constraint}]` : ''}: ${o.message}`;
  const v = o.value as { command?: string; count?: number } | undefined;
  if (v && typeof v === 'object' && typeof v.command === 'string') return `${v.command}${typeof v.count === 'number' ? ` ${v.count}` : ''}`;
  return `ok ${JSON.stringify(o.value) ?? ''}`.trim();
}

type Waiter = { pid: number; blockers: number[] };

/**
 * Runs `spec` over `permutations`. After each valid permutation `check` is called with its result (assert there, on
 * what the database holds); a failure names the permutation and its transcript.
 */
export async function runPermutations<F>(
  spec: Spec<F>,
  permutations: string[][],
  check: (r: PermutationResult<F>) => Promise<void> | void,
): Promise<PermutationResult<F>[]> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('isolation: DATABASE_URL is not set (tests/integration/setup.ts sets it)');
  const stepSession = new Map<string, string>();
  for (const [name, s] of Object.entries(spec.sessions)) {
    for (const step of Object.keys(s.steps)) {
      if (stepSession.has(step)) throw new Error(`isolation: step ${step} is defined twice`);
      stepSession.set(step, name);
    }
  }
  for (const p of permutations) for (const step of p) if (!stepSession.has(step)) throw new Error(`isolation: unknown step ${step}`);

  const options = { max: 1, idle_timeout: 0, onnotice: () => {} };
  const monitor = postgres(url, options);
  const conns = new Map<string, postgres.Sql>();
  for (const [name, s] of Object.entries(spec.sessions)) {
    if (s.kind === 'sql') conns.set(name, postgres(url, { ...options, connection: { application_name: `isolation ${name}` } }));
  }
  const results: PermutationResult<F>[] = [];
  try {
    // Every permutation's fresh data is made first, a few at a time: the rows are independent, so making them early changes nothing.
    const fixtures: F[] = [];
    for (let i = 0; i < permutations.length; i += SETUP_BATCH) {
      fixtures.push(...(await Promise.all(permutations.slice(i, i + SETUP_BATCH).map(() => spec.setup()))));
    }
    for (const [i, permutation] of permutations.entries()) {
      const fixture = fixtures[i]!;
      const pids = new Map<string, number>();
      for (const [name, conn] of conns) pids.set(name, (await conn<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0]!.pid);
      const result = await runOne(spec, permutation, fixture, stepSession, conns, pids, monitor);
      results.push(result);
      // ISOLATION_TRACE=1 prints every permutation as isolationtester's expected output would show it.
      if (process.env.ISOLATION_TRACE) console.log(`permutation: ${permutation.join(' ')}\n  ${result.transcript.join('\n  ')}`);
      if (result.invalid) continue;
      try {
        await check(result);
      } catch (err) {
        const where = `permutation: ${permutation.join(' ')}\n  ${result.transcript.join('\n  ')}`;
        if (err instanceof Error) err.message = `${err.message}\n${where}`;
        throw err;
      }
    }
  } finally {
    await Promise.all([...conns.values(), monitor].map((c) => c.end({ timeout: 1 })));
  }
  return results;
}

async function runOne<F>(
  spec: Spec<F>,
  permutation: string[],
  fixture: F,
  stepSession: Map<string, string>,
  conns: Map<string, postgres.Sql>,
  pids: Map<string, number>,
  monitor: postgres.Sql,
): Promise<PermutationResult<F>> {
  const transcript: string[] = [];
  const outcomes: Record<string, StepOutcome> = {};
  const busy = new Map<string, Running>();
  const sqlPids = new Set(pids.values());

  const waiters = async (): Promise<Map<number, Waiter>> => {
    const rows = await monitor<{ pid: number; blockers: number[] }[]>`
      SELECT pid, pg_blocking_pids(pid) AS blockers FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
        AND cardinality(pg_blocking_pids(pid)) > 0`;
    return new Map(rows.map((r) => [r.pid, { pid: r.pid, blockers: r.blockers }]));
  };

  // Is `run` waiting on a lock now? An application step claims a waiter no other session owns.
  const isWaiting = (run: Running, waiting: Map<number, Waiter>): boolean => {
    if (run.pid !== undefined && waiting.has(run.pid)) return true;
    if (run.kind === 'sql') return false;
    const owned = new Set([...sqlPids, ...[...busy.values()].filter((r) => r !== run && !r.settled && r.pid !== undefined).map((r) => r.pid!)]);
    const mine = [...waiting.keys()].find((pid) => !owned.has(pid));
    if (mine === undefined) return false;
    run.pid = mine;
    return true;
  };

  /** Polls until the step has finished or is waiting on a lock. */
  const settleOrWait = async (run: Running): Promise<'done' | 'waiting'> => {
    const deadline = Date.now() + STEP_DEADLINE_MS;
    for (;;) {
      if (run.settled) return 'done';
      const waiting = await waiters();
      if (!run.settled && isWaiting(run, waiting)) {
        run.waited = true;
        return 'waiting';
      }
      if (Date.now() > deadline) throw new Error(`isolation: step ${run.step} neither finished nor waited on a lock within ${STEP_DEADLINE_MS} ms`);
      await sleep(POLL_MS);
    }
  };

  const record = (run: Running, resumed: boolean) => {
    outcomes[run.step] = run.outcome!;
    transcript.push(`step ${run.step}: ${resumed ? '<... completed> ' : ''}${describeOutcome(run.outcome!)}`);
    busy.delete(run.session);
  };

  /** After a step: every waiting step either finishes (its lock was released) or is confirmed still waiting. */
  const recheck = async () => {
    for (;;) {
      let progressed = false;
      for (const run of [...busy.values()]) {
        if ((await settleOrWait(run)) === 'done') {
          record(run, true);
          progressed = true;
        }
      }
      if (!progressed) return;
    }
  };

  const launch = (step: string): Running => {
    const session = stepSession.get(step)!;
    const s = spec.sessions[session]!;
    const run: Running = { step, session, kind: s.kind, pid: pids.get(session), settled: false, waited: false, done: Promise.resolve() };
    const work = s.kind === 'sql' ? (s.steps[step] as SqlStep<F>)(conns.get(session)!, fixture) : (s.steps[step] as AppStep<F>)(fixture);
    run.done = work.then(
      (value) => void ((run.outcome = outcomeOf(step, session, run.waited, value, undefined)), (run.settled = true)),
      (err) => void ((run.outcome = outcomeOf(step, session, run.waited, undefined, err ?? new Error('rejected'))), (run.settled = true)),
    );
    return run;
  };

  let invalid: string | undefined;
  try {
    for (const step of permutation) {
      const session = stepSession.get(step)!;
      const pending = busy.get(session);
      if (pending) {
        // The session is still blocked on its previous step. It can only move if its blocker is itself running (a
        // deadlock the server will break, or a commit in progress); a blocker idle in its transaction waits for a
        // later step of this very permutation, so the permutation cannot be run as written.
        const deadline = Date.now() + DEADLOCK_GRACE_MS;
        while (!pending.settled && Date.now() < deadline) {
          const waiting = await waiters();
          if (pending.pid !== undefined && waiting.has(pending.pid)) {
            const blockers = waiting.get(pending.pid)!.blockers;
            const states = await monitor<{ state: string | null }[]>`SELECT state FROM pg_stat_activity WHERE pid = ANY(${blockers}::int[])`;
            if (states.length > 0 && states.every((b) => b.state === 'idle in transaction' || b.state === 'idle in transaction (aborted)')) break;
          }
          await sleep(POLL_MS * 4);
        }
        if (!pending.settled) {
          invalid = `step ${step} cannot run: ${session} is still blocked on ${pending.step}`;
          transcript.push(`invalid permutation: ${invalid}`);
          break;
        }
        record(pending, true);
      }
      const run = launch(step);
      busy.set(session, run);
      if ((await settleOrWait(run)) === 'done') {
        record(run, false);
      } else {
        transcript.push(`step ${step}: <waiting ...>`);
      }
      await recheck();
    }
    if (!invalid && busy.size > 0) {
      // Steps still waiting after the last step: nothing left in the permutation can release them.
      const grace = Date.now() + DEADLOCK_GRACE_MS;
      while ([...busy.values()].some((r) => !r.settled) && Date.now() < grace) await sleep(POLL_MS * 4);
      for (const run of [...busy.values()]) if (run.settled) record(run, true);
      if (busy.size > 0) {
        invalid = `still blocked at the end: ${[...busy.values()].map((r) => r.step).join(', ')}`;
        transcript.push(`invalid permutation: ${invalid}`);
      }
    }
  } finally {
    // Leave nothing behind: cancel what still waits (an application step's backend, if it was never seen, is any
    // waiter no SQL session owns), then end every session's transaction.
    const stuck = [...busy.values()].filter((r) => !r.settled);
    if (stuck.length > 0) {
      const waiting = await waiters();
      const targets = new Set(stuck.flatMap((r) => (r.pid !== undefined ? [r.pid] : [...waiting.keys()].filter((pid) => !sqlPids.has(pid)))));
      for (const pid of targets) await monitor`SELECT pg_cancel_backend(${pid})`;
      const gaveUp = await Promise.race([Promise.all(stuck.map((r) => r.done)).then(() => false), sleep(STEP_DEADLINE_MS).then(() => true)]);
      if (gaveUp) throw new Error(`isolation: could not stop ${stuck.map((r) => r.step).join(', ')}`);
    }
    for (const run of busy.values()) if (!outcomes[run.step] && run.outcome) outcomes[run.step] = run.outcome;
    for (const conn of conns.values()) await conn`ROLLBACK`;
  }
  return { permutation, fixture, outcomes, transcript, invalid };
}
