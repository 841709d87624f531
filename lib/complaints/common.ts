import 'server-only';
import type { Tx } from '@/db';
import { complaintEvents, complaints } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/current-user';
import type { ComplaintState } from './lifecycle';

/**
 * What the complaint modules share: who acts, the complaint's row, its screen's link, and the event every step and
 * every escalation appends to its record (handling.ts writes, deadline-policy.ts escalates, lists.ts reads).
 */

export type Actor = Pick<CurrentUser, 'id' | 'role'>;
export type Complaint = typeof complaints.$inferSelect;

export const complaintLink = (id: string) => `/complaints/${id}`;

export async function appendEvent(tx: Tx, v: { complaintId: string; kind: string; from?: ComplaintState; to?: ComplaintState; actorId: string | null; note?: string | null; data?: Record<string, unknown> }) {
  await tx.insert(complaintEvents).values({ complaintId: v.complaintId, kind: v.kind, fromState: v.from ?? null, toState: v.to ?? null, actorId: v.actorId, note: v.note ?? null, data: v.data ?? {} });
}
