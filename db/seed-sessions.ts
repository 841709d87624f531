import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { customers, serviceSessions, sessionEvents, sessionRecordings, staff, verifications } from '@/db/schema';
import { addRecording } from '@/lib/recordings/service';
import { synthesizeCallAudio } from '@/lib/recordings/wav';
import { idNumberIndex } from './queries/customers';

type Step = { at: number; kind: string; data?: Record<string, string | number | boolean | null>; verification?: 'basic' | 'password' | 'otp' | 'confirmation' };

// Two finished phone contacts from earlier today, with recordings whose tones fall where the timeline events are.
const DEMO_CONTACTS: { teller: string; customerId: string; minutesAgo: number; seconds: number; steps: Step[] }[] = [
  {
    teller: 'teller',
    customerId: '440308199001012215',
    minutesAgo: 95,
    seconds: 48,
    steps: [
      { at: 0, kind: 'session.started', data: { channel: 'phone' } },
      { at: 6, kind: 'customer.identified' },
      { at: 14, kind: 'verification.basic', data: { result: 'pass', mismatched: '' }, verification: 'basic' },
      { at: 20, kind: 'password.prompted' },
      { at: 29, kind: 'verification.password', data: { result: 'pass', via: 'demo-telephony' }, verification: 'password' },
      { at: 46, kind: 'session.ended', data: { outcome: 'resolved', satisfaction: 5 } },
    ],
  },
  {
    teller: 'teller2',
    customerId: '510107197803214427',
    minutesAgo: 50,
    seconds: 36,
    steps: [
      { at: 0, kind: 'session.started', data: { channel: 'phone' } },
      { at: 5, kind: 'customer.identified' },
      { at: 13, kind: 'verification.basic', data: { result: 'fail', mismatched: 'mobile' }, verification: 'basic' },
      { at: 24, kind: 'verification.basic', data: { result: 'pass', mismatched: '' }, verification: 'basic' },
      { at: 34, kind: 'session.ended', data: { outcome: 'resolved', satisfaction: 4 } },
    ],
  },
];

/** Demo sessions with real (synthesised) audio, so that playback with markers works out of the box. Idempotent. */
export async function seedDemoSessions(): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(sessionRecordings).where(eq(sessionRecordings.source, 'seed'));
  if (n > 0) return 0;
  let added = 0;
  for (const c of DEMO_CONTACTS) {
    const [teller] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, c.teller));
    const [customer] = await db.select({ id: customers.id }).from(customers).where(eq(customers.idNumberIndex, idNumberIndex(c.customerId)));
    if (!teller || !customer) continue;
    const start = new Date(Date.now() - c.minutesAgo * 60_000);
    const at = (s: number) => new Date(start.getTime() + s * 1000);
    const end = c.steps.at(-1)!;
    const sessionId = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(serviceSessions)
        .values({ tellerId: teller.id, channel: 'phone', customerId: customer.id, status: 'ended', startedAt: start, endedAt: at(end.at), outcome: 'resolved', satisfaction: Number(end.data?.satisfaction ?? 5) })
        .returning({ id: serviceSessions.id });
      for (const step of c.steps) {
        await tx.insert(sessionEvents).values({ sessionId: row!.id, actorId: step.kind.startsWith('verification.password') ? null : teller.id, kind: step.kind, data: step.data ?? {}, at: at(step.at) });
        if (step.verification) {
          await tx.insert(verifications).values({ sessionId: row!.id, customerId: customer.id, kind: step.verification, result: step.data?.result === 'fail' ? 'fail' : 'pass', performedBy: teller.id, createdAt: at(step.at) });
        }
      }
      return row!.id;
    });
    await addRecording({ sessionId, bytes: synthesizeCallAudio(c.seconds, c.steps.map((s) => s.at)), by: { staffId: teller.id }, startedAt: start, source: 'seed' });
    added++;
  }
  return added;
}
