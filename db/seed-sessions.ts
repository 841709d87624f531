import 'server-only';
import { randomUUID } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { approvalPolicies, cases, customers, serviceSessions, sessionEvents, sessionRecordings, staff, verifications } from '@/db/schema';
import { move } from '@/lib/cases/case-core';
import { encryptPii } from '@/lib/crypto/pii';
import { currentLadderPolicy } from './queries/ladder-policy';
import { addRecording } from '@/lib/recordings/service';
import { synthesizeCallAudio } from '@/lib/recordings/wav';
import { idNumberIndex } from './queries/customers';

type Step = { at: number; kind: string; data?: Record<string, string | number | boolean | null>; verification?: 'basic' | 'password' | 'otp' | 'confirmation' };

// Three finished phone contacts from earlier today, with recordings whose tones fall where the timeline events are. The
// third is one for quality inspection to catch: the teller submitted a mobile number change after the basic check only
// (the password and the one-time code the ladder asks for were skipped), then withdrew it — as a session from before
// the ladder's gate, or from another system, would show.
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
  {
    teller: 'teller2',
    customerId: '330106200101011232',
    minutesAgo: 30,
    seconds: 42,
    steps: [
      { at: 0, kind: 'session.started', data: { channel: 'phone' } },
      { at: 5, kind: 'customer.identified' },
      { at: 12, kind: 'verification.basic', data: { result: 'pass', mismatched: '' }, verification: 'basic' },
      { at: 22, kind: 'case.submitted', data: { type: 'change_mobile', ladder: 'change_mobile' } },
      { at: 40, kind: 'session.ended', data: { outcome: 'resolved', satisfaction: 3 } },
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
        .values({ tellerId: teller.id, channel: 'phone', customerId: customer.id, status: 'ended', startedAt: start, endedAt: at(end.at), outcome: (end.data?.outcome ?? 'resolved') as 'resolved', satisfaction: Number(end.data?.satisfaction ?? 5) })
        .returning({ id: serviceSessions.id });
      for (const step of c.steps) {
        const data = step.kind === 'case.submitted' ? await seedSkippedStepCase(tx, row!.id, customer.id, teller.id, at(step.at), step.data ?? {}) : (step.data ?? {});
        await tx.insert(sessionEvents).values({ sessionId: row!.id, actorId: step.kind.startsWith('verification.password') ? null : teller.id, kind: step.kind, data, at: at(step.at) });
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

/**
 * The withdrawn mobile change of the third contact: a case made (as a draft) after the basic check only and cancelled,
 * its submission named on the timeline with the ladder policy in force — what the automatic check judges.
 */
async function seedSkippedStepCase(tx: Tx, sessionId: string, customerId: string, tellerId: string, at: Date, data: Record<string, unknown>) {
  const [policy] = await tx.select({ version: approvalPolicies.version }).from(approvalPolicies).orderBy(desc(approvalPolicies.version)).limit(1);
  const ladder = await currentLadderPolicy(tx);
  const [row] = await tx
    .insert(cases)
    .values({
      type: 'change_mobile',
      customerId,
      sessionId,
      makerId: tellerId,
      payloadEnc: encryptPii(JSON.stringify({ kind: 'change_mobile', old: '', new: '', reason: null })),
      summary: { field: 'mobile' },
      requiredLevel: 1,
      policyVersion: policy!.version,
      policyRules: ['identity_change'],
      idempotencyKey: randomUUID(),
      createdAt: at,
    })
    .returning({ id: cases.id });
  await move(tx, { id: row!.id, state: 'draft' }, 'cancel', tellerId, { reason: 'withdrawn' });
  return { ...data, case: row!.id, ladderPolicy: ladder.version, verification: null };
}
