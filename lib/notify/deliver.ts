import 'server-only';
import { claimMessage, deliverToAppInbox, markAttemptFailed, markSent, receiveDemoEmail, type ClaimedMessage } from '@/db/queries/outbox';
import { emailDriver } from '@/lib/config';
import { isPermanentEmailFailure, sendEmail } from './email';
import { sendSms } from './sms';

export type DeliveryOutcome = 'sent' | 'skipped' | 'retry' | 'failed';

async function send(message: ClaimedMessage): Promise<void> {
  switch (message.channel) {
    case 'sms':
      return sendSms(message);
    case 'email':
      if (emailDriver() === 'log') return receiveDemoEmail(message.id, message.recipientLast4, message.subject ?? '', message.body);
      await sendEmail({ to: message.to, subject: message.subject ?? '', text: message.body, messageId: message.id });
      return;
    case 'in_app':
      if (!message.customerId) throw new Error('in-app message without a customer');
      return deliverToAppInbox(message.id, message.customerId, message.subject ?? '', message.body);
  }
}

/**
 * One delivery attempt of one outbox message, as the worker runs it for a job. `final` is true on the job's last
 * try: a failure then marks the message failed for the admins to see; before that it stays queued and the job is
 * retried with backoff (the caller rethrows). A failure that retrying cannot fix (a mailbox that does not exist) is
 * failed at once.
 */
export async function deliverMessage(id: string, final: boolean): Promise<DeliveryOutcome> {
  const message = await claimMessage(id);
  if (!message) return 'skipped';
  try {
    await send(message);
    await markSent(id);
    return 'sent';
  } catch (err) {
    const giveUp = final || isPermanentEmailFailure(err);
    await markAttemptFailed(id, err instanceof Error ? err.message : 'delivery failed', giveUp);
    return giveUp ? 'failed' : 'retry';
  }
}
