import 'server-only';
import { forbidden } from 'next/navigation';
import { auditDeniedView, requireScreen, type CurrentUser } from '@/lib/auth/current-user';
import { mayUseAction } from '@/lib/auth/permissions';

/** Whether the reader may write and decide articles (supervisors and QC), as the permission map says. */
export function isKbWriter(user: CurrentUser): boolean {
  return mayUseAction(user.role, 'kb.propose');
}

/** For the writers' screens (new, edit, review): a writer, or a 403 page (audited) for a reader. */
export async function requireKbWriter(screen: string): Promise<CurrentUser> {
  const user = await requireScreen('/kb');
  if (!isKbWriter(user)) {
    await auditDeniedView(user.id, user.role, 'screen', screen);
    forbidden();
  }
  return user;
}
