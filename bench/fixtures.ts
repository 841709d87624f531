// The seeded rows the bench loads its screens with: the demo users (each with a sign-in row of its own for the
// queries that check one), the demo teller's open contact and its customer, the first case in the demo supervisor's
// queue, the first session waiting in the demo inspector's list, and search terms that find seeded customers.
import type postgres from 'postgres';
import type { CurrentUser } from '@/lib/auth/current-user';
import type { Fixtures } from './queries';

/** The identity number and mobile bench/sql/02_customers.sql gives customer `c` (their blind indexes are real). */
export function seededNumbers(c: number): { idNumber: string; mobile: string } {
  const birth = new Date(Date.UTC(1950, 0, 1) + ((c * 7919) % 18000) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const tail = (Math.floor(c / 18000) * 6001 + (c % 18000) * 7) % 10000;
  return { idNumber: `110105${ymd}${String(tail).padStart(4, '0')}`, mobile: `177${String(c).padStart(8, '0')}` };
}

export async function findFixtures(sql: postgres.Sql, customers: number): Promise<Fixtures> {
  const { createStaffSession } = await import('@/db/queries/staff-sessions');
  const { getCaseForReview, listPendingCases, parseQueueCursor } = await import('@/db/queries/cases');
  const { listMyAssignments } = await import('@/lib/qc/plans');
  const { benchUid } = await import('./audit-history');
  const roles = ['teller', 'supervisor', 'qc', 'admin'] as const;
  const users = {} as Record<(typeof roles)[number], CurrentUser>;
  for (const role of roles) {
    const [s] = await sql<{ id: string; display_name: string }[]>`SELECT id, display_name FROM staff WHERE username = ${role}`;
    users[role] = { id: s!.id, username: role, displayName: s!.display_name, role, sessionId: await createStaffSession(s!.id), authenticatedAt: new Date(), mfaEnabled: true, mustEnrol: false };
  }
  const [open] = await sql<{ id: string; customer_id: string }[]>`
    SELECT id, customer_id FROM service_sessions WHERE teller_id = ${users.teller.id} AND status = 'open' AND customer_id IS NOT NULL ORDER BY started_at DESC LIMIT 1`;
  const queue = await listPendingCases(users.supervisor.id);
  const [assignment] = await listMyAssignments(users.qc.id);
  const c = Math.min(4242, customers);
  const { idNumber, mobile } = seededNumbers(c);
  const [named] = await sql<{ name: string }[]>`SELECT name FROM customers WHERE id = ${benchUid('cu', c)}`;
  const [{ seq }] = await sql<{ seq: string }[]>`SELECT (max(seq) / 2)::text AS seq FROM audit_events`;
  const pending = queue.items[0] && (await getCaseForReview(queue.items[0].id));
  if (!open || !pending?.sessionId || !assignment || !named) throw new Error('bench fixtures: the seeded history lacks an open session, a pending case, a QC assignment or customer 4242');
  return {
    users,
    openSessionId: open.id,
    consoleCustomerId: open.customer_id,
    pendingCaseId: pending.id,
    pendingCase: { customerId: pending.customerId, sessionId: pending.sessionId, createdAtExact: pending.createdAtExact },
    queueCursor: parseQueueCursor(queue.next) ?? null,
    inspectSessionId: assignment.session_id,
    // Two characters of a seeded name (surname and given name) find a page of namesakes, as a teller's search does.
    search: { name: [...named.name].slice(0, 2).join(''), name3: [...named.name].slice(-3).join(''), surname: [...named.name][0]!, idNumber, mobile, last4: idNumber.slice(-4) },
    auditBeforeSeq: Number(seq),
    month: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7),
  };
}
