import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { unreadCount } from '@/lib/notifications/staff';

/** The header's way to the reader's notices (站内通知), with how many are unread in its visible text and its name. */
export async function NoticeBell({ staffId }: { staffId: string }) {
  const [t, count] = await Promise.all([getTranslations('staffNotices'), unreadCount(staffId)]);
  return (
    <Link href="/notices" className="rounded px-2 py-1 hover:bg-white/10">
      {t('bell')} <span aria-hidden="true">({count})</span>
      <span className="sr-only">{t('bellUnread', { count })}</span>
    </Link>
  );
}
