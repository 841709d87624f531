import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/card';
import { beijingDate } from '@/lib/calendar/working-days';
import type { RatingValue } from '@/lib/qc/template';

type QcTranslate = Awaited<ReturnType<typeof getTranslations<'qc'>>>;

/** A rating as the scorecards show it: 符合 / 不符合 / 不适用, or points. */
export function ratingText(t: QcTranslate, value: RatingValue | undefined): string {
  if (value === undefined) return '—';
  return typeof value === 'number' ? t('points', { n: value }) : t(`answers.${value}`);
}

export async function SeverityBadge({ severity }: { severity: string }) {
  const t = await getTranslations('quality');
  const tone = severity === 'critical' ? 'red' : severity === 'high' ? 'amber' : 'slate';
  return <Badge tone={tone}>{t('severityValue', { severity: t(`severity.${severity}`) })}</Badge>;
}

export async function RectificationStatus({ status }: { status: string }) {
  const t = await getTranslations('quality');
  const tone = status === 'verified' ? 'green' : status === 'answered' || status === 'reinspecting' ? 'blue' : status === 'reopened' ? 'amber' : 'slate';
  return <Badge tone={tone}>{t(`rectificationStatus.${status}`)}</Badge>;
}

/** Whether a rectification still waiting for the teller is past its due date (a Beijing date). */
export function isOverdue(r: { dueDate: string; status: string }): boolean {
  return (r.status === 'open' || r.status === 'reopened') && r.dueDate < beijingDate(new Date());
}

/** The due date on the Beijing calendar; red, and said to be overdue, when the teller is late. */
export async function DueDate({ dueDate, status, withLabel = true }: { dueDate: string; status: string; withLabel?: boolean }) {
  const [t, format] = await Promise.all([getTranslations('quality'), getFormatter()]);
  const date = format.dateTime(new Date(`${dueDate}T00:00:00+08:00`), { dateStyle: 'medium' });
  const late = isOverdue({ dueDate, status });
  return (
    <span className={late ? 'font-medium text-red-700' : undefined}>
      {withLabel ? t('dueDate', { date }) : date}
      {late && <span> · {t('overdue')}</span>}
    </span>
  );
}
