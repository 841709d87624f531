'use server';

import { revalidatePath } from 'next/cache';
import { DomainError } from '@/lib/actions/result';
import { roleAction } from '@/lib/actions/role-action';
import { markRead } from '@/lib/notifications/staff';
import { noticeReadSchema } from '@/lib/notifications/schemas';

/** The reader marks their own notices read (all, or one); nobody else's are touched. */
export const markNoticesReadAction = roleAction('notice.markRead', noticeReadSchema, async ({ scope, noticeId }, user) => {
  const n = await markRead(user.id, scope === 'one' ? noticeId : undefined);
  if (scope === 'one' && n === 0) throw new DomainError('errors.notFound', 'failed');
  revalidatePath('/', 'layout');
  return { data: { marked: n }, details: { scope, marked: n }, message: 'staffNotices.marked', messageValues: { count: n } };
});
