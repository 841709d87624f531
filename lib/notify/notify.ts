import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { enqueueMessage, type OutboxChannel } from '@/db/queries/outbox';
import { customers } from '@/db/schema';
import { decryptPii } from '@/lib/crypto/pii';
import { renderCustomerMessage, type CustomerTemplate, type CustomerParams } from './templates';

/**
 * Tells the customer something through the outbox, in the caller's transaction (so the message exists exactly when
 * the change that causes it does), in the customer's language, on each channel asked for that the customer has: SMS
 * to the reserved mobile (or the numbers given), e-mail if they gave one, and always the in-app inbox.
 */
export async function notifyCustomer(
  tx: Tx,
  v: { customerId: string; sessionId: string | null; template: CustomerTemplate; params: CustomerParams; channels: OutboxChannel[]; smsTo?: string[] },
): Promise<string[]> {
  const [customer] = await tx
    .select({ language: customers.language, mobileEnc: customers.mobileEnc, emailEnc: customers.emailEnc, emailMasked: customers.emailMasked })
    .from(customers)
    .where(eq(customers.id, v.customerId));
  if (!customer) throw new Error('notifyCustomer: no such customer');
  const text = renderCustomerMessage(v.template, customer.language, v.params);
  const base = { customerId: v.customerId, sessionId: v.sessionId, template: v.template, locale: text.locale };
  const ids: string[] = [];
  if (v.channels.includes('sms')) {
    for (const to of v.smsTo ?? [decryptPii(customer.mobileEnc)]) ids.push(await enqueueMessage(tx, { ...base, channel: 'sms', to, hint: to.slice(-4), body: text.sms }));
  }
  if (v.channels.includes('email') && customer.emailEnc && customer.emailMasked) {
    ids.push(await enqueueMessage(tx, { ...base, channel: 'email', to: decryptPii(customer.emailEnc), hint: customer.emailMasked, subject: text.subject, body: text.body }));
  }
  if (v.channels.includes('in_app')) ids.push(await enqueueMessage(tx, { ...base, channel: 'in_app', to: v.customerId, hint: '', subject: text.subject, body: text.body }));
  return ids;
}
