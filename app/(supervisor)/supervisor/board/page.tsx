import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { BoardCharts } from '@/components/board/board-charts';
import { BoardTiles } from '@/components/board/board-tiles';
import { ExportButtons } from '@/components/board/export-buttons';
import { PeriodForm } from '@/components/board/period-form';
import { Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { boardCharts } from '@/lib/board/charts';
import { BOARD_LISTS } from '@/lib/board/lists';
import { parsePeriod } from '@/lib/board/period';
import { boardTiles, today } from '@/lib/board/tiles';

/**
 * The supervisor's operations board (运营看板): the floor now (live tiles, each linking to its list), charts over a
 * chosen period (the last 7 days unless chosen), and every tile's list as CSV or XLSX.
 */
export default async function OperationsBoard({ searchParams }: { searchParams: Promise<{ from?: string; to?: string }> }) {
  await requireScreen('/supervisor/board');
  const asked = await searchParams;
  const period = parsePeriod(asked.from, asked.to, today().date);
  const [t, tiles, charts] = await Promise.all([getTranslations('board'), boardTiles(), boardCharts(period)]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <BoardTiles initial={tiles} />
      <section aria-labelledby="board-charts" className="space-y-3">
        <h2 id="board-charts" className="text-lg font-semibold text-slate-800">
          {t('charts.heading', period)}
        </h2>
        <PeriodForm label={t('charts.choosePeriod')} period={period} />
        <BoardCharts data={charts} />
      </section>
      <Card title={t('exports.heading')}>
        <p className="mb-3 text-sm text-slate-700">{t('exports.intro')}</p>
        <ul className="divide-y divide-slate-100">
          {BOARD_LISTS.map((list) => (
            <li key={list} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <Link className="text-brand-700 underline" href={`/supervisor/board/${list}`}>
                {t(`lists.${list}`)}
              </Link>
              <ExportButtons list={list} listName={t(`lists.${list}`)} />
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
