import { getFormatter, getTranslations } from 'next-intl/server';
import { DIMENSIONS, type Weights } from '@/lib/appraisal/score';
import type { ConfigKind } from '@/lib/config-changes/kinds';
import type { DeadlinePolicy } from '@/lib/complaints/deadlines';
import type { PlanRisk, PlanSettings } from '@/lib/qc/plans';

type Payload = Record<string, unknown>;
type Line = { text: string; muted?: boolean };

/**
 * What a proposed configuration change would set, in the words of the screen it belongs to (the policy's table
 * headings, the calendar's kinds, the appraisal dimensions, the plan form's labels).
 */
export async function ChangeSummary({ kind, payload }: { kind: ConfigKind; payload: Payload }) {
  const lines = await LINES[kind](payload);
  return (
    <ul className="space-y-1 text-sm text-slate-800">
      {lines.map((l, i) => (
        <li key={i} className={l.muted ? 'text-slate-600' : undefined}>
          {l.text}
        </li>
      ))}
    </ul>
  );
}

const LINES: Record<ConfigKind, (p: Payload) => Promise<Line[]>> = {
  complaint_policy: async (p) => {
    const [t, tc] = await Promise.all([getTranslations('config.summary'), getTranslations('complaints')]);
    const policy = p.policy as DeadlinePolicy;
    return [
      { text: t('policyDefault', { acknowledge: policy.default.acknowledgeDays, resolve: policy.default.resolveDays }) },
      ...policy.rules.map((r) => ({
        text: t('policyRule', {
          category: r.category ? tc(`categories.${r.category}`) : tc('anyCategory'),
          severity: r.severity ? tc(`severities.${r.severity}`) : tc('anySeverity'),
          acknowledge: r.acknowledgeDays,
          resolve: r.resolveDays,
        }),
      })),
      { text: t('basedOnVersion', { version: Number(p.base) }), muted: true },
    ];
  },
  calendar: async (p) => {
    const [t, tc, format] = await Promise.all([getTranslations('config.summary'), getTranslations('calendar'), getFormatter()]);
    const date = String(p.day);
    // A Beijing date's weekday, named in the reader's language (as the calendar's own table shows it).
    const weekday = format.dateTime(new Date(`${date}T12:00:00+08:00`), { weekday: 'short' });
    const kindName = (k: unknown) => tc(`kinds.${k === 'workday' ? 'workday' : 'holiday'}`);
    const was = p.base as { kind: string; name: string } | null;
    return [
      { text: p.remove ? t('calendarRemove', { date, weekday }) : t('calendarSet', { date, weekday, kind: kindName(p.kind), name: String(p.name) }) },
      { text: was ? t('calendarWas', { kind: kindName(was.kind), name: was.name }) : t('calendarWasNone'), muted: true },
    ];
  },
  appraisal_weights: async (p) => {
    const [t, ta] = await Promise.all([getTranslations('config.summary'), getTranslations('appraisal')]);
    const weights = p.weights as Weights;
    return [
      { text: DIMENSIONS.map((d) => t('weight', { dimension: ta(`dimensions.${d}`), weight: weights[d] })).join(' · ') },
      { text: t('basedOnVersion', { version: Number(p.base) }), muted: true },
    ];
  },
  qc_plan: async (p) => {
    const [t, tq, format] = await Promise.all([getTranslations('config.summary'), getTranslations('qcPlans'), getFormatter()]);
    const plan = p as unknown as PlanSettings;
    const risk: PlanRisk = plan.risk;
    const rules = [
      risk.failedVerification && tq('failedVerification'),
      risk.rejectedApproval && tq('rejectedApproval'),
      risk.fundsOverFen !== null && t('planThreshold', { rule: tq('fundsOverYuan'), value: risk.fundsOverFen / 100 }),
      risk.shortHandleSeconds !== null && t('planThreshold', { rule: tq('shortHandleSeconds'), value: risk.shortHandleSeconds }),
      risk.longHandleSeconds !== null && t('planThreshold', { rule: tq('longHandleSeconds'), value: risk.longHandleSeconds }),
      risk.lowSatisfaction !== null && t('planThreshold', { rule: tq('lowSatisfaction'), value: risk.lowSatisfaction }),
    ].filter((r): r is string => Boolean(r));
    return [
      { text: t('planRates', { kind: tq(`rateKinds.${plan.rateKind}`), rate: plan.rateValue, weeks: plan.newTellerWeeks, newRate: plan.newTellerRate }) },
      { text: rules.length ? t('planRisk', { rules: format.list(rules) }) : t('planNoRisk') },
      { text: t(plan.active ? 'planActive' : 'planInactive') },
    ];
  },
};
