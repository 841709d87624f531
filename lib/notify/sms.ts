import 'server-only';
import { receiveDemoSms } from '@/db/queries/outbox';
import { smsDriver } from '@/lib/config';

export type SmsMessage = { id: string; to: string; body: string; recipientLast4: string };

/**
 * The SMS channel. `SMS_DRIVER=log` (the default in demo mode, refused outside it) delivers into the demo inbox, the customer's
 * phone of the demo; `SMS_DRIVER=http` posts to the gateway at SMS_GATEWAY_URL, which must answer 2xx.
 */
export async function sendSms(message: SmsMessage): Promise<void> {
  if (smsDriver() === 'log') {
    await receiveDemoSms(message.id, message.recipientLast4, message.body);
    return;
  }
  const url = process.env.SMS_GATEWAY_URL;
  if (!url) throw new Error('SMS_GATEWAY_URL is not set');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(process.env.SMS_GATEWAY_TOKEN ? { authorization: `Bearer ${process.env.SMS_GATEWAY_TOKEN}` } : {}) },
    // The message id doubles as the gateway's idempotency key.
    body: JSON.stringify({ id: message.id, to: message.to, text: message.body }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
}
