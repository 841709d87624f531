import { z } from 'zod';
import { deadlinePolicySchema, type DeadlinePolicy } from './deadlines';

/**
 * The deadline policy as its form sends it: `default.acknowledgeDays`, `default.resolveDays`, and rows
 * `rules.<n>.category|severity|acknowledgeDays|resolveDays` (a row left wholly empty is no rule), with the note saying
 * why it changes. Checked by the policy's own schema; each problem is reported at the field it is about.
 */
export const MAX_RULE_ROWS = 12;

const int = (v: unknown) => (typeof v === 'string' && /^\s*-?[0-9]+\s*$/.test(v) ? Number(v) : v === '' || v === undefined ? undefined : Number.NaN);

export const policyFormSchema = z
  .record(z.string(), z.unknown())
  .transform((raw, ctx) => {
    const text = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string).trim() : '');
    const note = text('note');
    if (note.length < 2) ctx.addIssue({ code: 'custom', path: ['note'], message: 'errors.complaints.policyNote' });
    if (note.length > 500) ctx.addIssue({ code: 'custom', path: ['note'], message: 'errors.tooLong' });
    const rows: number[] = [];
    for (let i = 0; i < MAX_RULE_ROWS; i++) if (['category', 'severity', 'acknowledgeDays', 'resolveDays'].some((f) => text(`rules.${i}.${f}`) !== '')) rows.push(i);
    const candidate = {
      default: { acknowledgeDays: int(raw['default.acknowledgeDays']), resolveDays: int(raw['default.resolveDays']) },
      rules: rows.map((i) => ({
        category: text(`rules.${i}.category`) || undefined,
        severity: text(`rules.${i}.severity`) || undefined,
        acknowledgeDays: int(raw[`rules.${i}.acknowledgeDays`]),
        resolveDays: int(raw[`rules.${i}.resolveDays`]),
      })),
    };
    const parsed = deadlinePolicySchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        // rules.<k>.<field> names the k-th non-empty row: report it at that row's field (a whole-rule problem at its category).
        const [head, k, field] = issue.path as (string | number)[];
        const name = head === 'rules' ? `rules.${rows[k as number]}.${field ?? 'category'}` : issue.path.join('.');
        ctx.addIssue({ code: 'custom', path: [name], message: issue.message });
      }
    }
    if (!parsed.success || note.length < 2 || note.length > 500) return z.NEVER;
    return { policy: parsed.data as DeadlinePolicy, note };
  });
