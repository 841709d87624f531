import 'server-only';
import { claimMessage, markAttemptFailed, markSent } from '@/db/queries/outbox';
import { sendSms } from './sms';

export type DeliveryOutcome = 'sent' | 'skipped' | 'retry' | 'failed';

/**
 * One delivery attempt of one outbox message, as the worker runs it for a job. `final` is true on the job's last
 * try: a failure then marks the message failed for the admins to see; before that it stays queued and the job is
 * retried with backoff (the caller rethrows).
 */
export async function deliverMessage(id: string, final: boolean): Promise<DeliveryOutcome> {
  const message = await claimMessage(id);
  if (!message) return 'skipped';
  try {
    await sendSms(message);
    await markSent(id);
    return 'sent';
  } catch (err) {
    await markAttemptFailed(id, err instanceof Error ? err.message : 'delivery failed', final);
    return final ? 'failed' : 'retry';
  }
}
