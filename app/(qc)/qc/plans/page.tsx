import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { PendingChanges } from '@/components/config/pending-changes';
import { DrawButton } from '@/components/qc/draw-button';
import { PlanForm } from '@/components/qc/plan-form';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { listDraws, listPlans, periodContaining, type Plan } from '@/lib/qc/plans';

type Draw = Awaited<ReturnType<typeof listDraws>>[number];
type Format = Awaited<ReturnType<typeof getFormatter>>;
type Translate = Awaited<ReturnType<typeof getTranslations<'qcPlans'>>>;

// Periods are Beijing calendar days; a period's end is the next one's start, so its last day is a moment before.
const BEIJING = 'Asia/Shanghai';
const day = (format: Format, d: Date) => format.dateTime(d, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: BEIJING });
const range = (t: Translate, format: Format, p: { start: Date; end: Date }) => t('periodRange', { start: day(format, p.start), end: day(format, new Date(p.end.getTime() - 1)) });

/**
 * The sampling plans (质检抽样计划): each plan's rates and risk rules (a change awaiting its reviewer shown under them),
 * drawing the current period now, and its draws.
 */
export default async function PlansScreen() {
  await requireScreen('/qc');
  const [t, tc, format, plans] = await Promise.all([getTranslations('qcPlans'), getTranslations('config'), getFormatter(), listPlans()]);
  const draws = await Promise.all(plans.map((p) => listDraws(p.id)));
  return (
    <div className="space-y-6">
      <Link href="/qc" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-sm text-slate-600">
        {t('help')} {tc('reviewHelp.qc_plan')}
      </p>
      {plans.length === 0 && <EmptyState>{t('empty')}</EmptyState>}
      {plans.map((plan, k) => (
        <PlanCard key={plan.id} plan={plan} draws={draws[k] ?? []} t={t} tc={tc} format={format} />
      ))}
    </div>
  );
}

function PlanCard({ plan, draws, t, tc, format }: { plan: Plan; draws: Draw[]; t: Translate; tc: Awaited<ReturnType<typeof getTranslations<'config'>>>; format: Format }) {
  const period = plan.period === 'month' ? 'month' : 'week';
  const now = new Date();
  // The current period and the four before it, each with how far it has been drawn; a period drawn to its end is gone.
  const periods: { value: string; label: string }[] = [];
  for (let k = 0, at = now; k < 5; k++) {
    const p = periodContaining(period, at);
    at = new Date(p.start.getTime() - 1);
    const upTo = Math.max(0, ...draws.filter((d) => d.periodStart.getTime() === p.start.getTime()).map((d) => d.coveredTo.getTime()));
    if (upTo >= p.end.getTime()) continue;
    const label = range(t, format, p);
    periods.push({
      value: new Date(p.start.getTime() + 8 * 3600_000).toISOString().slice(0, 10),
      label: upTo === 0 ? t(k === 0 ? 'periodSoFar' : 'periodUndrawn', { period: label }) : t('periodDrawnTo', { period: label, at: format.dateTime(new Date(upTo), { dateStyle: 'short', timeStyle: 'short', timeZone: BEIJING }) }),
    });
  }
  return (
    <Card title={plan.name}>
      <p className="mb-4 flex flex-wrap items-center gap-2 text-sm text-slate-700">
        <Badge tone={plan.active ? 'green' : 'slate'}>{t(plan.active ? 'isActive' : 'isInactive')}</Badge>
        <span>{t('periodValue', { period: t(`periods.${period}`) })}</span>
        <span>{t('updatedAt', { time: format.dateTime(plan.updatedAt, { dateStyle: 'short', timeStyle: 'short' }) })}</span>
      </p>
      <PlanForm
        plan={{
          id: plan.id,
          name: plan.name,
          rateKind: plan.rateKind === 'count' ? 'count' : 'percent',
          rateValue: plan.rateValue,
          newTellerWeeks: plan.newTellerWeeks,
          newTellerRate: plan.newTellerRate,
          active: plan.active,
          risk: plan.risk,
        }}
      />
      <PendingChanges kind="qc_plan" target={plan.id} title={tc('pendingFor', { name: plan.name })} level={3} />

      <h3 className="mt-6 font-semibold text-slate-800">{t('drawTitle')}</h3>
      <p className="mt-1 text-sm text-slate-600">{t('drawHelp')}</p>
      <div className="mt-2">
        {periods.length > 0 ? <DrawButton planId={plan.id} planName={plan.name} periods={periods} /> : <EmptyState>{t('allDrawn')}</EmptyState>}
      </div>

      <h3 className="mt-6 font-semibold text-slate-800">{t('history')}</h3>
      <p className="mt-1 text-sm text-slate-600">{t('seedHelp')}</p>
      {draws.length === 0 ? (
        <div className="mt-2">
          <EmptyState>{t('noDraws')}</EmptyState>
        </div>
      ) : (
        <DrawHistory plan={plan} draws={draws} t={t} format={format} />
      )}
    </Card>
  );
}

function DrawHistory({ plan, draws, t, format }: { plan: Plan; draws: Draw[]; t: Translate; format: Format }) {
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('historyCaption', { name: plan.name })}</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-2">{t('period')}</th>
            <th scope="col">{t('covered')}</th>
            <th scope="col">{t('drawnAt')}</th>
            <th scope="col">{t('drawnBy')}</th>
            <th scope="col" className="text-right">{t('candidates')}</th>
            <th scope="col" className="text-right">{t('drawnColumn')}</th>
            <th scope="col" className="text-right">{t('unassigned')}</th>
            <th scope="col" className="pl-4">{t('seed')}</th>
          </tr>
        </thead>
        <tbody>
          {draws.map((d) => (
            <tr key={d.id} className="border-t border-slate-100">
              <th scope="row" className="py-2 font-normal">{range(t, format, { start: d.periodStart, end: d.periodEnd })}</th>
              <td>{t('coveredRange', { from: format.dateTime(d.coveredFrom, { dateStyle: 'short', timeStyle: 'short', timeZone: BEIJING }), to: format.dateTime(d.coveredTo, { dateStyle: 'short', timeStyle: 'short', timeZone: BEIJING }) })}</td>
              <td>{format.dateTime(d.drawnAt, { dateStyle: 'short', timeStyle: 'short' })}</td>
              <td>{d.drawnBy ?? t('scheduledJob')}</td>
              <td className="text-right">{d.candidates}</td>
              <td className="text-right">{d.drawn}</td>
              <td className="text-right">{d.unassigned}</td>
              <td className="pl-4 font-mono text-xs break-all">{d.seed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-600">{t('unassignedHelp')}</p>
    </div>
  );
}
