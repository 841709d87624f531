// The outbox worker: delivers customer messages queued by the app, with retries and backoff (pg-boss).
// Started by `npm start` beside the app, or on its own with `npm run worker` so more app instances can be added.
import { deletePurgedObjects } from '@/lib/documents/retention';
import { workerBoss, CASE_SLA_QUEUE, DELIVER_QUEUE, EXPIRY_REVIEW_QUEUE, QC_DRAW_QUEUE, QC_REINSPECT_QUEUE, COMPLAINT_SLA_QUEUE, KB_REVIEW_QUEUE, APPRAISAL_CLOSE_QUEUE } from '@/db/boss';
import { drawFinishedPeriods } from '@/lib/qc/plans';
import { drawReinspections } from '@/lib/qc/feedback';
import { escalateBreaches } from '@/lib/complaints/service';
import { noticeOverdueReviews } from '@/lib/kb/service';
import { closePreviousMonth } from '@/lib/appraisal/service';
import { sweepCases } from '@/lib/cases/sla';
import { reassessExpiring } from '@/db/queries/risk';
import { deliverMessage } from '@/lib/notify/deliver';
import { closeEmailTransport } from '@/lib/notify/email';

async function main() {
  const boss = workerBoss(process.env.DATABASE_URL!);
  boss.on('error', (err) => console.error(`[worker] ${err.name}: ${err.message}`));
  await boss.start();
  await boss.work<{ messageId: string }>(DELIVER_QUEUE, { includeMetadata: true, pollingIntervalSeconds: Number(process.env.WORKER_POLL_SECONDS ?? 1) }, async ([job]) => {
    if (!job) return;
    const outcome = await deliverMessage(job.data.messageId, job.retryCount >= job.retryLimit);
    // Throwing hands the job back to pg-boss for a retry with backoff.
    if (outcome === 'retry') throw new Error(`delivery of ${job.data.messageId} failed; will retry`);
  });
  await boss.work(EXPIRY_REVIEW_QUEUE, async () => {
    const n = await reassessExpiring();
    console.log(`[worker] periodic review: ${n} customer(s) assessed again as their documents ran out`);
  });
  await boss.work(CASE_SLA_QUEUE, async () => {
    const r = await sweepCases();
    if (r.escalated || r.expired) console.log(`[worker] approvals: ${r.escalated} case(s) escalated past their SLA, ${r.expired} expired`);
    // Files deleted by a committed retention purge leave storage here, after their purge's commit.
    const purged = await deletePurgedObjects();
    if (purged) console.log(`[worker] retention: ${purged} purged file(s) removed from storage`);
  });
  await boss.work(QC_DRAW_QUEUE, async () => {
    const n = await drawFinishedPeriods();
    console.log(`[worker] quality inspection: ${n} session(s) drawn for the finished period(s)`);
  });
  await boss.work(QC_REINSPECT_QUEUE, async () => {
    const n = await drawReinspections();
    if (n) console.log(`[worker] quality inspection: ${n} later session(s) drawn for re-inspection`);
  });
  await boss.work(COMPLAINT_SLA_QUEUE, async () => {
    const n = await escalateBreaches();
    if (n) console.log(`[worker] complaints: ${n} missed deadline(s) escalated`);
  });
  await boss.work(KB_REVIEW_QUEUE, async () => {
    const n = await noticeOverdueReviews();
    if (n) console.log(`[worker] knowledge base: ${n} author(s) told of overdue reviews`);
  });
  await boss.work(APPRAISAL_CLOSE_QUEUE, async () => {
    const r = await closePreviousMonth(new Date());
    console.log(`[worker] appraisal: the month before closed (${JSON.stringify(r)})`);
  });
  console.log('Outbox worker running.');
  const stop = async () => {
    await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    closeEmailTransport();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`[worker] could not start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
