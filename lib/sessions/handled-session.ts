import 'server-only';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getSessionSummary, getTellerSession, type SessionSummary } from '@/db/queries/service-sessions';
import { auditDeniedView, type CurrentUser } from '@/lib/auth/current-user';

/**
 * The contact `user` handles now (a teller's own, or one escalated to a supervisor), or a 404. Someone else's session
 * looks exactly like a missing one, but the attempt is recorded. `load` reads it scoped to the handler (getTellerSession,
 * or a screen's own loader with the same scope, e.g. getConsoleSession).
 */
export async function handledSessionOrNotFound<S extends SessionSummary = SessionSummary>(
  id: string,
  user: CurrentUser,
  load: (sessionId: string, handlerId: string) => Promise<S | undefined> = getTellerSession as (sessionId: string, handlerId: string) => Promise<S | undefined>,
): Promise<S> {
  if (!z.string().uuid().safeParse(id).success) notFound();
  const session = await load(id, user.id);
  if (session) return session;
  if (await getSessionSummary(id)) await auditDeniedView(user.id, user.role, 'service_session', id);
  notFound();
}
