import { z } from 'zod';
import { PLAIN_WEEK, addWorkingDays, beijingDate, workingDaysBetween, type WorkingCalendar } from '@/lib/calendar/working-days';
import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES, type ComplaintCategory, type ComplaintSeverity } from './lifecycle';

/**
 * How long a complaint may take (投诉处理时限), in working days from the day it is received (that day not counted):
 * `acknowledge` bounds the wait in `accepted` (the customer is told it is being handled), `resolve` the whole handling
 * up to `resolved`. The default is 1 and 15 working days; a bank's policy may shorten them per category and severity
 * (e.g. information security, or anything high). Deadlines are the end of a Beijing working day, on the configured
 * holiday calendar, so a complaint received before National Day is not overdue because of it.
 */

/** The two limits of one rule, in working days. */
export type DeadlineDays = { acknowledgeDays: number; resolveDays: number };

const days = z.number({ message: 'errors.complaints.days' }).int('errors.complaints.days').min(1, 'errors.complaints.days').max(60, 'errors.complaints.days');

/** The customer is acknowledged before the complaint is resolved, never after (compared once both are valid days). */
function acknowledgeFirst(v: DeadlineDays, ctx: z.RefinementCtx): void {
  if (!days.safeParse(v.acknowledgeDays).success || !days.safeParse(v.resolveDays).success) return;
  if (v.acknowledgeDays > v.resolveDays) ctx.addIssue({ code: 'custom', path: ['acknowledgeDays'], message: 'errors.complaints.acknowledgeAfterResolve' });
}

const ruleSchema = z
  .object({
    category: z.enum(COMPLAINT_CATEGORIES, { message: 'errors.invalid' }).optional(),
    severity: z.enum(COMPLAINT_SEVERITIES, { message: 'errors.invalid' }).optional(),
    acknowledgeDays: days,
    resolveDays: days,
  })
  .superRefine((v, ctx) => {
    acknowledgeFirst(v, ctx);
    // A rule matching everything would silently replace the default: that is what the default is for.
    if (!v.category && !v.severity) ctx.addIssue({ code: 'custom', path: ['category'], message: 'errors.complaints.ruleMatchesAll' });
  });

/**
 * A deadline policy: the default, and rules for a category, a severity or both. Two rules for the same category and
 * severity are refused: which one applies would depend on their order.
 */
export const deadlinePolicySchema = z
  .object({
    default: z.object({ acknowledgeDays: days, resolveDays: days }).superRefine(acknowledgeFirst),
    rules: z.array(ruleSchema).default([]),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.rules.forEach((r, i) => {
      const key = `${r.category ?? '*'}/${r.severity ?? '*'}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rules', i], message: 'errors.complaints.duplicateRule' });
      seen.add(key);
    });
  });
export type DeadlinePolicy = z.output<typeof deadlinePolicySchema>;

/** Acknowledge within 1 working day, resolve within 15, for every complaint. */
export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = { default: { acknowledgeDays: 1, resolveDays: 15 }, rules: [] };

/** The limits for a complaint: the most specific matching rule (category and severity > category > severity > default). */
function daysFor(policy: DeadlinePolicy, category: ComplaintCategory, severity: ComplaintSeverity): DeadlineDays {
  let best: { rank: number; days: DeadlineDays } = { rank: -1, days: policy.default };
  for (const r of policy.rules) {
    if ((r.category && r.category !== category) || (r.severity && r.severity !== severity)) continue;
    const rank = (r.category ? 2 : 0) + (r.severity ? 1 : 0);
    if (rank > best.rank) best = { rank, days: r };
  }
  return best.days;
}

/** When a complaint received at `receivedAt` must be acknowledged and resolved: the end of those Beijing working days. */
export function deadlinesFor(
  policy: DeadlinePolicy,
  complaint: { category: ComplaintCategory; severity: ComplaintSeverity; receivedAt: Date },
  cal: WorkingCalendar = PLAIN_WEEK,
): { acknowledgeBy: Date; resolveBy: Date } {
  const d = daysFor(policy, complaint.category, complaint.severity);
  return { acknowledgeBy: addWorkingDays(complaint.receivedAt, d.acknowledgeDays, cal), resolveBy: addWorkingDays(complaint.receivedAt, d.resolveDays, cal) };
}

export type DeadlineState = { state: 'ok' | 'due_today' | 'overdue'; workingDaysLeft: number };

/**
 * Where a deadline stands at `now`, for the countdown. Overdue is decided by the instant, the rest by Beijing dates:
 * on the weekend after a Friday deadline the complaint is overdue with 0 working days left (none has been lost yet),
 * on the Monday -1.
 */
export function deadlineState(dueBy: Date, now: Date, cal: WorkingCalendar = PLAIN_WEEK): DeadlineState {
  const workingDaysLeft = workingDaysBetween(now, dueBy, cal);
  if (now.getTime() > dueBy.getTime()) return { state: 'overdue', workingDaysLeft };
  return { state: beijingDate(now) === beijingDate(dueBy) ? 'due_today' : 'ok', workingDaysLeft };
}
