import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/card';
import { formatDuration } from '@/components/ui/duration';
import { DIMENSIONS, type Dimension } from '@/lib/appraisal/score';
import type { AppraisalVersion } from '@/lib/appraisal/views';

const clock = (seconds: number | null) => (seconds === null ? '—' : formatDuration(seconds));

/**
 * One version of a teller's month as an appraisal sheet (考核表): each dimension's figures, score and weight, the total,
 * and the regulations' targets against the actuals.
 */
export async function AppraisalSheet({ v }: { v: AppraisalVersion }) {
  const [t, format] = await Promise.all([getTranslations('appraisal'), getFormatter()]);
  const pct = (n: number | null) => (n === null ? t('notMeasured') : format.number(n, { style: 'percent', maximumFractionDigits: 1 }));
  const f = v.figures;
  const c = f.compliance;
  const figures: Record<Dimension, string> = {
    volume: t('figures.volume', { sessions: f.volume.sessions, cases: f.volume.cases, median: f.volume.teamMedianWork ?? '—' }),
    quality: f.quality.inspections === 0 ? t('figures.qualityNone') : t('figures.quality', { inspections: f.quality.inspections, average: f.quality.averageScore ?? '—', critical: f.quality.criticalFailures }),
    efficiency: t('figures.efficiency', { average: clock(f.efficiency.averageHandleSeconds), median: clock(f.efficiency.teamMedianHandleSeconds) }),
    satisfaction:
      f.satisfaction.rated === 0
        ? t('figures.satisfactionNone')
        : t('figures.satisfaction', { rated: f.satisfaction.rated, average: f.satisfaction.average ?? '—', share: pct(f.satisfaction.satisfied / f.satisfaction.rated) }),
    compliance: t(c.verificationInspected ? 'figures.compliance' : 'figures.complianceUninspected', {
      accuracy: pct(c.verificationInspected ? c.verificationPassed / c.verificationInspected : null),
      passed: c.verificationPassed,
      inspected: c.verificationInspected,
      upheld: c.upheldComplaints,
      lost: c.disputesLost,
      late: c.rectificationsLate,
    }),
  };
  return (
    <div className="space-y-4">
      <p className="text-lg">
        {t('total')}: <span className="text-3xl font-semibold">{v.total.toFixed(2)}</span>
      </p>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('dimensionsCaption')}</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-2">{t('dimension')}</th>
            <th scope="col">{t('figuresColumn')}</th>
            <th scope="col" className="text-right">{t('score')}</th>
            <th scope="col" className="text-right">{t('weight')}</th>
          </tr>
        </thead>
        <tbody>
          {DIMENSIONS.map((d) => (
            <tr key={d} className="border-t border-slate-100 align-top">
              <th scope="row" className="py-2 pr-3 font-medium">{t(`dimensions.${d}`)}</th>
              <td className="py-2 pr-3">{figures[d]}</td>
              <td className="py-2 text-right font-mono">{v.scores[d] === null ? t('notAssessed') : v.scores[d]}</td>
              <td className="py-2 text-right font-mono">{v.weights[d] ?? 0}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full text-left text-sm">
        <caption className="py-2 text-left font-semibold text-slate-800">{t('targetsCaption')}</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-2">{t('indicator')}</th>
            <th scope="col">{t('target')}</th>
            <th scope="col">{t('actual')}</th>
            <th scope="col">{t('result')}</th>
          </tr>
        </thead>
        <tbody>
          {v.targets.map((x) => (
            <tr key={x.key} className="border-t border-slate-100">
              <th scope="row" className="py-2 font-medium">{t(`targets.${x.key}`)}</th>
              <td>{t('atLeast', { value: pct(x.target) })}</td>
              <td className="font-mono">{pct(x.actual)}</td>
              <td>{x.met === null ? <Badge>{t('notMeasured')}</Badge> : x.met ? <Badge tone="green">{t('met')}</Badge> : <Badge tone="red">{t('notMet')}</Badge>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-600">{t('rules')}</p>
    </div>
  );
}
