import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ExportButtons } from '@/components/board/export-buttons';
import { PeriodForm } from '@/components/board/period-form';
import { Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { boardList, listPeriod } from '@/lib/board/lists';

// The screen shows the first rows; the export gives the whole list (up to the export limit).
const SHOWN = 200;

/** One of the board's lists (看板明细): as of now, or over a period for those a period narrows; with its exports. */
export default async function BoardListScreen({ params, searchParams }: { params: Promise<{ list: string }>; searchParams: Promise<{ from?: string; to?: string }> }) {
  await requireScreen('/supervisor/board');
  const list = boardList((await params).list);
  if (!list) notFound();
  const asked = await searchParams;
  const period = listPeriod(list, asked.from, asked.to);
  const [t, tv, rows] = await Promise.all([getTranslations('board'), getTranslations(), list.rows(period, SHOWN + 1)]);
  const title = t(`lists.${list.key}`);
  const value = (values: string | undefined, v: string | number | null) => (v === null ? '—' : values && tv.has(`${values}.${v}`) ? tv(`${values}.${v}` as never) : String(v));
  return (
    <div className="space-y-6">
      <Link href="/supervisor/board" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="text-sm text-slate-700">{period ? t('listPeriod', period) : t('listNow')}</p>
      {list.periodic && <PeriodForm label={t('listChoosePeriod', { list: title })} period={period ?? { from: '', to: '' }} />}
      <ExportButtons list={list.key} listName={title} period={period} />
      <Card title={title}>
        {rows.length === 0 ? (
          <EmptyState>{t('listEmpty')}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{title}</caption>
              <thead className="text-slate-600">
                <tr>
                  {list.columns.map((c) => (
                    <th key={c.key} scope="col" className={`py-2 pr-3 ${c.numeric ? 'text-right' : ''}`}>
                      {t(`columns.${c.key}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, SHOWN).map((r, i) => (
                  <tr key={i} className="border-t border-slate-100">
                    {list.columns.map((c) => (
                      <td key={c.key} className={`py-2 pr-3 ${c.numeric ? 'text-right font-mono' : ''}`}>
                        {value(c.values, r[c.key] ?? null)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rows.length > SHOWN && <p className="mt-3 text-sm text-slate-600">{t('listMore', { shown: SHOWN })}</p>}
      </Card>
    </div>
  );
}
