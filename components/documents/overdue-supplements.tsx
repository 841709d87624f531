import { getFormatter, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import type { listOverdueSupplements } from '@/lib/documents/service';

/** Supplement requests past their deadline: who, which business, what is still missing, since when. */
export async function OverdueSupplements({ rows, showMaker }: { rows: Awaited<ReturnType<typeof listOverdueSupplements>>; showMaker: boolean }) {
  if (rows.length === 0) return null;
  const [t, tc, format] = await Promise.all([getTranslations('documents'), getTranslations('cases'), getFormatter()]);
  return (
    <Card title={t('overdueTitle', { count: rows.length })}>
      <ul aria-label={t('overdueTitle', { count: rows.length })} className="space-y-2 text-sm">
        {rows.map((r) => (
          <li key={r.id} className="rounded-md border border-amber-300 bg-amber-50 p-2 text-amber-950">
            {r.customerName} · {tc(`types.${r.type as 'open_account'}`)} · {t('overdueSince', { date: format.dateTime(r.dueAt, { dateStyle: 'short', timeStyle: 'short' }) })} ·{' '}
            {r.items.map((i) => t(`kinds.${i.kind}`)).join(t('listSeparator'))}
            {showMaker && ` · ${r.makerName}`}
          </li>
        ))}
      </ul>
    </Card>
  );
}
