import 'server-only';
import PgBoss from 'pg-boss';
import type { Tx } from '@/db';

export const DELIVER_QUEUE = 'outbox-deliver';
// Daily, early morning Beijing time: customers whose document crossed into "expiring" or "expired" are assessed again.
export const EXPIRY_REVIEW_QUEUE = 'customers-reassess-expiry';
// Every minute: cases past their approval SLA are escalated, cases past their expiry expire.
export const CASE_SLA_QUEUE = 'cases-sla';
// Daily, after midnight Beijing time: each active QC sampling plan draws its last finished period (once).
export const QC_DRAW_QUEUE = 'qc-draw';
export const QC_REINSPECT_QUEUE = 'qc-reinspect';
export const COMPLAINT_SLA_QUEUE = 'complaint-sla';
export const KB_REVIEW_QUEUE = 'kb-review';
// Monthly, 01:20 Beijing on the 1st: the month before closes for the appraisal (its figures kept from then on).
export const APPRAISAL_CLOSE_QUEUE = 'appraisal-close';
// Every 10 minutes: the operations board's daily roll-up (lib/board/rollup.ts): the days just closed, and history once.
export const BOARD_ROLLUP_QUEUE = 'board-rollup';
// A delivery cut off by a database outage leaves its job active; the job is taken again this long after it started
// (pg-boss's default is 15 minutes). Longer than a slow SMTP exchange and than outbox's reclaim of a 'sending' message.
const RETRY = {
  retryLimit: Number(process.env.OUTBOX_RETRY_LIMIT ?? 4),
  retryDelay: Number(process.env.OUTBOX_RETRY_DELAY ?? 10),
  retryBackoff: true,
  expireInSeconds: Number(process.env.OUTBOX_JOB_EXPIRE_SECONDS ?? 180),
};

/** Installs pg-boss's schema and our queues; run as the database owner with the migrations. Idempotent. */
export async function installJobQueue(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, max: 2, supervise: false, schedule: false });
  boss.on('error', () => {});
  await boss.start();
  try {
    if (!(await boss.getQueue(DELIVER_QUEUE))) await boss.createQueue(DELIVER_QUEUE, { name: DELIVER_QUEUE, ...RETRY });
    if (!(await boss.getQueue(EXPIRY_REVIEW_QUEUE))) await boss.createQueue(EXPIRY_REVIEW_QUEUE, { name: EXPIRY_REVIEW_QUEUE, retryLimit: 3, retryDelay: 300 });
    await boss.schedule(EXPIRY_REVIEW_QUEUE, '30 0 * * *', {}, { tz: 'Asia/Shanghai' });
    if (!(await boss.getQueue(CASE_SLA_QUEUE))) await boss.createQueue(CASE_SLA_QUEUE, { name: CASE_SLA_QUEUE, retryLimit: 1, retryDelay: 30 });
    await boss.schedule(CASE_SLA_QUEUE, '* * * * *', {});
    if (!(await boss.getQueue(QC_DRAW_QUEUE))) await boss.createQueue(QC_DRAW_QUEUE, { name: QC_DRAW_QUEUE, retryLimit: 3, retryDelay: 300 });
    await boss.schedule(QC_DRAW_QUEUE, '10 0 * * *', {}, { tz: 'Asia/Shanghai' });
    if (!(await boss.getQueue(QC_REINSPECT_QUEUE))) await boss.createQueue(QC_REINSPECT_QUEUE, { name: QC_REINSPECT_QUEUE, retryLimit: 1, retryDelay: 60 });
    await boss.schedule(QC_REINSPECT_QUEUE, '*/5 * * * *', {});
    if (!(await boss.getQueue(COMPLAINT_SLA_QUEUE))) await boss.createQueue(COMPLAINT_SLA_QUEUE, { name: COMPLAINT_SLA_QUEUE, retryLimit: 1, retryDelay: 30 });
    await boss.schedule(COMPLAINT_SLA_QUEUE, '* * * * *', {});
    if (!(await boss.getQueue(KB_REVIEW_QUEUE))) await boss.createQueue(KB_REVIEW_QUEUE, { name: KB_REVIEW_QUEUE, retryLimit: 3, retryDelay: 300 });
    await boss.schedule(KB_REVIEW_QUEUE, '0 8 * * *', {}, { tz: 'Asia/Shanghai' });
    if (!(await boss.getQueue(APPRAISAL_CLOSE_QUEUE))) await boss.createQueue(APPRAISAL_CLOSE_QUEUE, { name: APPRAISAL_CLOSE_QUEUE, retryLimit: 3, retryDelay: 600 });
    await boss.schedule(APPRAISAL_CLOSE_QUEUE, '20 1 1 * *', {}, { tz: 'Asia/Shanghai' });
    if (!(await boss.getQueue(BOARD_ROLLUP_QUEUE))) await boss.createQueue(BOARD_ROLLUP_QUEUE, { name: BOARD_ROLLUP_QUEUE, retryLimit: 1, retryDelay: 60 });
    await boss.schedule(BOARD_ROLLUP_QUEUE, '*/10 * * * *', {});
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

// Only builds SQL for `send`: the insert runs on the caller's transaction, so it needs no connection of its own.
let sender: PgBoss | undefined;

// pg-boss hands node-postgres-style values; drizzle's postgres.js client takes JSON as text and no undefined.
function toParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return value;
}

/** Queues a job in the caller's transaction: the job exists if and only if the business change commits. */
export async function sendJobInTransaction(tx: Tx, queue: string, data: object): Promise<void> {
  sender ??= new PgBoss({ connectionString: 'postgres://unused-for-send/none', max: 1 });
  const client = (tx as unknown as { session: { client: { unsafe: (text: string, values: unknown[]) => Promise<unknown[]> } } }).session.client;
  const jobId = await sender.send(queue, data, {
    ...RETRY,
    db: { executeSql: async (text, values) => ({ rows: (await client.unsafe(text, values.map(toParameter))) as unknown[] }) },
  });
  // pg-boss answers null when it did not queue (a missing queue): better no message than one nobody will deliver.
  if (!jobId) throw new Error(`job not queued on ${queue}`);
}

export function workerBoss(url: string): PgBoss {
  // The workers run the schedules too (pg-boss lets one of them fire each cron tick).
  // Maintenance expires jobs left active (see RETRY): often enough that an outage's cut-off deliveries resume soon.
  return new PgBoss({ connectionString: url, max: 3, migrate: false, schedule: true, maintenanceIntervalSeconds: Number(process.env.WORKER_MAINTENANCE_SECONDS ?? 30) });
}
