// The outbox worker: delivers customer messages queued by the app, with retries and backoff (pg-boss).
// Started by `npm start` beside the app, or on its own with `npm run worker` so more app instances can be added.
import { deletePurgedObjects } from '@/lib/documents/retention';
import { workerBoss, CASE_SLA_QUEUE, DELIVER_QUEUE, EXPIRY_REVIEW_QUEUE, QC_DRAW_QUEUE, QC_REINSPECT_QUEUE, COMPLAINT_SLA_QUEUE, KB_REVIEW_QUEUE, APPRAISAL_CLOSE_QUEUE, BOARD_ROLLUP_QUEUE } from '@/db/boss';
import { drawFinishedPeriods } from '@/lib/qc/plans';
import { drawReinspections } from '@/lib/qc/feedback';
import { escalateBreaches } from '@/lib/complaints/deadline-policy';
import { noticeOverdueReviews } from '@/lib/kb/service';
import { closePreviousMonth } from '@/lib/appraisal/service';
import { rollUpBoardDays } from '@/lib/board/rollup';
import { sweepCases } from '@/lib/cases/sla';
import { reassessExpiring } from '@/db/queries/risk';
import { deliverMessage } from '@/lib/notify/deliver';
import { closeEmailTransport } from '@/lib/notify/email';
import { logger as root } from '@/lib/log/logger';

const logger = root.child({ process: 'worker' });

async function main() {
  // pg-boss 10 records a job's completion or failure without awaiting it: while the database is away (a restart) that
  // write is refused and the rejection is unhandled, which would end the worker, and under `npm start` the app with
  // it. Logged instead: the job stays active until it expires (OUTBOX_JOB_EXPIRE_SECONDS) and is then taken again.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection (job left active until it expires)'));
  const boss = workerBoss(process.env.DATABASE_URL!);
  // The message is scrubbed of personal data by the logger; a job's data is never logged.
  boss.on('error', (err) => logger.error({ err }, 'job queue error'));
  await boss.start();
  await boss.work<{ messageId: string }>(DELIVER_QUEUE, { includeMetadata: true, pollingIntervalSeconds: Number(process.env.WORKER_POLL_SECONDS ?? 1) }, async ([job]) => {
    if (!job) return;
    const outcome = await deliverMessage(job.data.messageId, job.retryCount >= job.retryLimit);
    // Throwing hands the job back to pg-boss for a retry with backoff.
    if (outcome === 'retry') throw new Error(`delivery of ${job.data.messageId} failed; will retry`);
  });
  await boss.work(EXPIRY_REVIEW_QUEUE, async () => {
    const n = await reassessExpiring();
    logger.info({ job: EXPIRY_REVIEW_QUEUE, customers: n }, `periodic review: ${n} customer(s) assessed again as their documents ran out`);
  });
  await boss.work(CASE_SLA_QUEUE, async () => {
    const r = await sweepCases();
    if (r.escalated || r.expired) logger.info({ job: CASE_SLA_QUEUE, escalated: r.escalated, expired: r.expired }, `approvals: ${r.escalated} case(s) escalated past their SLA, ${r.expired} expired`);
    // Files deleted by a committed retention purge leave storage here, after their purge's commit.
    const purged = await deletePurgedObjects();
    if (purged) logger.info({ job: CASE_SLA_QUEUE, purgedFiles: purged }, `retention: ${purged} purged file(s) removed from storage`);
  });
  await boss.work(QC_DRAW_QUEUE, async () => {
    const n = await drawFinishedPeriods();
    logger.info({ job: QC_DRAW_QUEUE, sessions: n }, `quality inspection: ${n} session(s) drawn for the finished period(s)`);
  });
  await boss.work(QC_REINSPECT_QUEUE, async () => {
    const n = await drawReinspections();
    if (n) logger.info({ job: QC_REINSPECT_QUEUE, sessions: n }, `quality inspection: ${n} later session(s) drawn for re-inspection`);
  });
  await boss.work(COMPLAINT_SLA_QUEUE, async () => {
    const n = await escalateBreaches();
    if (n) logger.info({ job: COMPLAINT_SLA_QUEUE, complaints: n }, `complaints: ${n} missed deadline(s) escalated`);
  });
  await boss.work(KB_REVIEW_QUEUE, async () => {
    const n = await noticeOverdueReviews();
    if (n) logger.info({ job: KB_REVIEW_QUEUE, authors: n }, `knowledge base: ${n} author(s) told of overdue reviews`);
  });
  await boss.work(APPRAISAL_CLOSE_QUEUE, async () => {
    const r = await closePreviousMonth(new Date());
    logger.info({ job: APPRAISAL_CLOSE_QUEUE, month: r.month, closed: r.closed }, `appraisal: ${r.month} closed, ${r.closed} teller result(s) recorded`);
  });
  await boss.work(BOARD_ROLLUP_QUEUE, async () => {
    const r = await rollUpBoardDays();
    if (r.filled) logger.info({ job: BOARD_ROLLUP_QUEUE, filled: r.filled, recent: r.recent }, `operations board: ${r.filled} closed day(s) rolled up, ${r.recent} recent one(s) again`);
  });
  logger.info('outbox worker running');
  const stop = async () => {
    await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    closeEmailTransport();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  logger.fatal({ err }, 'worker could not start');
  process.exit(1);
});
