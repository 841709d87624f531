import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { sendOneTimeCode } from '@/lib/sessions/verification';
import { basicVerifiedSession, makeUser } from './factories';

// The real worker process (scripts/worker.ts), as `npm start` and `npm run worker` run it.
let worker: ChildProcess | undefined;

function startWorker(): ChildProcess {
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['--conditions=react-server', '--tsconfig', 'tsconfig.json', 'scripts/worker.ts'], {
    env: { ...process.env, WORKER_POLL_SECONDS: '1' },
    stdio: 'ignore',
  });
  worker = child;
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

afterEach(async () => {
  if (worker) await stopWorker(worker);
});

async function deliveries(messageId: string) {
  const [row] = await sql`
    SELECT m.status, m.attempts, (SELECT count(*)::int FROM demo_sms_inbox d WHERE d.message_id = m.id) AS received
    FROM outbox_messages m WHERE m.id = ${messageId}`;
  return row;
}

describe('the outbox worker process', () => {
  it('delivers what was queued while it was down, and again after a restart, each message exactly once', async () => {
    const teller = await makeUser('teller');
    const first = await sendOneTimeCode((await basicVerifiedSession(teller.id)).sessionId, teller.id);
    expect(await deliveries(first.messageId)).toEqual({ status: 'queued', attempts: 0, received: 0 });
    // Other test files queue jobs they deliver by hand; the backlog is not this test's business (and would make its
    // timing depend on the order the files ran in).
    await sql`UPDATE pgboss.job SET state = 'cancelled', completed_on = now() WHERE name = 'outbox-deliver' AND state IN ('created', 'retry') AND data->>'messageId' <> ${first.messageId}`;

    const run1 = startWorker();
    await expect.poll(async () => (await deliveries(first.messageId))!.status, { timeout: 30_000, interval: 250 }).toBe('sent');
    await stopWorker(run1);

    // Queued while the worker is stopped: nothing is lost; the next worker delivers it.
    const second = await sendOneTimeCode((await basicVerifiedSession(teller.id)).sessionId, teller.id);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await deliveries(second.messageId))!.status).toBe('queued');
    startWorker();
    await expect.poll(async () => (await deliveries(second.messageId))!.status, { timeout: 30_000, interval: 250 }).toBe('sent');

    expect(await deliveries(first.messageId)).toEqual({ status: 'sent', attempts: 1, received: 1 });
    expect(await deliveries(second.messageId)).toEqual({ status: 'sent', attempts: 1, received: 1 });
  }, 90_000);
});
