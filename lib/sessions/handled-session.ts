import 'server-only';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getSessionSummary, getTellerSession, type SessionSummary } from '@/db/queries/service-sessions';
import { auditDeniedView, type CurrentUser } from '@/lib/auth/current-user';

/**
 * The contact `user` handles now (a teller's own, or one escalated to a supervisor), or a 404. Someone else's session
 * looks exactly like a missing one, but the attempt is recorded.
 */
export async function handledSessionOrNotFound(id: string, user: CurrentUser): Promise<SessionSummary> {
  if (!z.string().uuid().safeParse(id).success) notFound();
  const session = await getTellerSession(id, user.id);
  if (session) return session;
  if (await getSessionSummary(id)) await auditDeniedView(user.id, user.role, 'service_session', id);
  notFound();
}
