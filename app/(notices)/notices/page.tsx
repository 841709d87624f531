import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { MarkAllRead } from '@/components/notices/mark-read';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { listNotices } from '@/lib/notifications/staff';

/**
 * The reader's notices (站内通知), unread first: each written from its catalogue key and values in the reader's
 * language, with a link to the work it is about. Only the reader's own are listed or marked read.
 */
export default async function Notices() {
  const user = await requireScreen('/notices');
  const [t, format, notices] = await Promise.all([getTranslations('staffNotices'), getFormatter(), listNotices(user.id)]);
  const text = (kind: string, params: unknown) => {
    const values = (params && typeof params === 'object' ? params : {}) as Record<string, string | number>;
    return t.has(kind as 'bell') ? t(kind as 'bell', values) : t('unknown');
  };
  const unread = notices.filter((n) => !n.readAt).length;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <Card title={t('listTitle', { unread })}>
        {notices.length === 0 ? (
          <EmptyState>{t('empty')}</EmptyState>
        ) : (
          <>
            <ul className="space-y-3">
              {notices.map((n) => (
                <li key={n.id} className="flex flex-wrap items-start gap-2 border-t border-slate-100 pt-3 text-sm first:border-t-0 first:pt-0">
                  {!n.readAt && <Badge tone="amber">{t('unread')}</Badge>}
                  <span className={`flex-1 ${n.readAt ? 'text-slate-700' : 'font-medium'}`}>{text(n.kind, n.params)}</span>
                  <span className="text-slate-600">{format.dateTime(n.createdAt, { dateStyle: 'short', timeStyle: 'short' })}</span>
                  {n.link && (
                    <Link href={n.link} className="text-brand-700 underline">
                      {t('open')}
                      <span className="sr-only">{text(n.kind, n.params)}</span>
                    </Link>
                  )}
                </li>
              ))}
            </ul>
            <div className="mt-4">
              <MarkAllRead />
            </div>
          </>
        )}
      </Card>
    </div>
  );
}
