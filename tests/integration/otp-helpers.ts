import { sql } from '@/db';
import { listDemoSms } from '@/db/queries/outbox';
import { deliverMessage } from '@/lib/notify/deliver';

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
