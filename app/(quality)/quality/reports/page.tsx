import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { beijingDate } from '@/lib/calendar/working-days';
import { MONTH, mostFailedItems, qualityByTeller, qualityTrend, type QualityFigures } from '@/lib/qc/reports';
import { currentScorecards } from '@/lib/qc/scorecards';
import { itemsOf } from '@/lib/qc/template';

const pct = (n: number, d: number) => (d ? `${Math.round((n / d) * 100)}%` : '—');

/**
 * Quality per teller and month (质检报表): average score (final after a dispute), critical failures, disputes and how
 * many were upheld, rectifications and how many were answered on time; each team's row (班组) and all tellers'; the items failed most; the
 * team's six-month trend; the month as CSV.
 */
export default async function QualityReports({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  await requireScreen('/quality');
  const asked = (await searchParams).month ?? '';
  const month = MONTH.test(asked) ? asked : beijingDate(new Date()).slice(0, 7);
  const [t, report, failed, trend, scorecards] = await Promise.all([getTranslations('qualityReports'), qualityByTeller(month), mostFailedItems(month), qualityTrend(month), currentScorecards()]);
  const titles = new Map(scorecards.flatMap((s) => itemsOf(s.definition).map((i) => [i.key, i.title] as const)));
  const row = (key: string, name: string, team: string, r: QualityFigures, strong = false) => (
    <tr key={key} className={`border-t border-slate-100 ${strong ? 'font-medium' : ''}`}>
      <th scope="row" className={`py-2 text-left ${strong ? 'font-medium' : 'font-normal'}`}>{name}</th>
      <td>{team}</td>
      <td className="text-right">{r.inspections}</td>
      <td className="text-right font-mono">{r.averageScore ?? '—'}</td>
      <td className="text-right">{r.criticalFailures} <span className="text-slate-600">({pct(r.criticalFailures, r.inspections)})</span></td>
      <td className="text-right">{r.disputes}</td>
      <td className="text-right">{r.disputesUpheld}</td>
      <td className="text-right">{r.rectifications}</td>
      <td className="text-right">{pct(r.rectificationsOnTime, r.rectifications)}</td>
    </tr>
  );
  return (
    <div className="space-y-6">
      <Link href="/quality" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-sm text-slate-700">{t('intro')}</p>
      <form className="flex flex-wrap items-end gap-3" aria-label={t('chooseMonth')}>
        <div>
          <label htmlFor="month" className="block text-sm font-medium text-slate-700">
            {t('month')}
          </label>
          <input id="month" name="month" type="month" defaultValue={month} className="mt-1 rounded-md border border-slate-300 px-3 py-2" />
        </div>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
          {t('show')}
        </button>
        <a href={`/api/quality/report?month=${month}`} className="text-sm text-brand-700 underline" download>
          {t('downloadCsv', { month })}
        </a>
      </form>
      <Card title={t('byTeller', { month })}>
        {report.tellers.length === 0 ? (
          <EmptyState>{t('empty')}</EmptyState>
        ) : (
          <table className="w-full text-sm">
            <caption className="sr-only">{t('byTeller', { month })}</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-2 text-left">{t('teller')}</th>
                <th scope="col" className="text-left">{t('teamColumn')}</th>
                <th scope="col" className="text-right">{t('inspections')}</th>
                <th scope="col" className="text-right">{t('averageScore')}</th>
                <th scope="col" className="text-right">{t('criticalFailures')}</th>
                <th scope="col" className="text-right">{t('disputes')}</th>
                <th scope="col" className="text-right">{t('disputesUpheld')}</th>
                <th scope="col" className="text-right">{t('rectifications')}</th>
                <th scope="col" className="text-right">{t('rectificationsOnTime')}</th>
              </tr>
            </thead>
            <tbody>
              {report.tellers.map((r) => row(r.tellerId, r.tellerName, r.teamName ?? '—', r))}
              {report.teams.map((r) => row(`team:${r.teamName}`, t('teamRow', { team: r.teamName }), r.teamName, r, true))}
              {row('all', t('team'), '', report.team, true)}
            </tbody>
          </table>
        )}
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('mostFailed')}>
          {failed.length === 0 ? (
            <EmptyState>{t('noFailures')}</EmptyState>
          ) : (
            <ol aria-label={t('mostFailed')} className="space-y-1 text-sm">
              {failed.map((f) => (
                <li key={f.itemKey} className="flex justify-between gap-4">
                  <span>{titles.get(f.itemKey) ?? f.itemKey}</span>
                  <span className="font-mono">{t('times', { n: f.failures })}</span>
                </li>
              ))}
            </ol>
          )}
        </Card>
        <Card title={t('trend')}>
          <table className="w-full text-sm">
            <caption className="sr-only">{t('trend')}</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-2 text-left">{t('month')}</th>
                <th scope="col" className="text-right">{t('inspections')}</th>
                <th scope="col" className="w-1/2 text-left">{t('averageScore')}</th>
                <th scope="col" className="text-right">{t('criticalRate')}</th>
              </tr>
            </thead>
            <tbody>
              {trend.map((m) => (
                <tr key={m.month} className="border-t border-slate-100">
                  <th scope="row" className="py-2 text-left font-normal">{m.month}</th>
                  <td className="text-right">{m.inspections}</td>
                  <td>
                    <span className="flex items-center gap-2">
                      <span aria-hidden="true" className="inline-block h-2 rounded bg-brand-600" style={{ width: `${m.averageScore ?? 0}%` }} />
                      <span className="font-mono">{m.averageScore ?? '—'}</span>
                    </span>
                  </td>
                  <td className="text-right">{m.criticalRate === null ? '—' : `${Math.round(m.criticalRate * 100)}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
    </div>
  );
}
