import { sql } from '@/db';
import { listDemoSms } from '@/db/queries/outbox';
import { deliverMessage } from '@/lib/notify/deliver';
import { upsertIntegration } from '@/db/queries/credentials';
import { handleKeypad } from '@/lib/integrations/telephony';
import { promptForPassword } from '@/lib/sessions/password-step';
import { CUSTOMER_PASSWORD, giveCustomerPassword } from './factories';

/** Delivers every queued message of the session, as the worker would, and returns the code the customer's phone got. */
export async function deliverAndReadCode(sessionId: string): Promise<string> {
  const queued = await sql<{ id: string }[]>`SELECT id FROM outbox_messages WHERE session_id = ${sessionId} AND status = 'queued' ORDER BY created_at`;
  for (const { id } of queued) await deliverMessage(id, false);
  const [latest] = await sql<{ id: string }[]>`
    SELECT d.id FROM demo_sms_inbox d JOIN outbox_messages m ON m.id = d.message_id
    WHERE m.session_id = ${sessionId} ORDER BY d.received_at DESC LIMIT 1`;
  const body = latest && (await listDemoSms(200)).find((m) => m.id === latest.id)?.body;
  const code = body?.match(/\d{6}/)?.[0];
  if (!code) throw new Error('no code on the demo phone');
  return code;
}

const IVR_TOKEN = `test-telephony-${'t'.repeat(32)}`;
let ivr: Promise<string> | undefined;

/**
 * The password step as it really runs: the customer has a password, the teller asks for it, and the telephony
 * system answers through the integration endpoint with the digits the customer keyed.
 */
export async function passPasswordStep(sessionId: string, customerId: string, tellerId: string, digits = CUSTOMER_PASSWORD): Promise<{ result: string }> {
  ivr ??= upsertIntegration({ name: 'test-telephony', token: IVR_TOKEN, capabilities: ['keypad'], createdBy: null });
  await ivr;
  await giveCustomerPassword(customerId);
  await promptForPassword(sessionId, tellerId);
  const res = await handleKeypad(
    new Request('http://localhost/api/integrations/telephony/password', {
      method: 'POST',
      headers: { authorization: `Bearer ${IVR_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId, digits }),
    }),
  );
  if (res.status !== 200) throw new Error(`keypad answered ${res.status}`);
  return res.json();
}
