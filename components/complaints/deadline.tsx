import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/card';
import { deadlineState } from '@/lib/complaints/deadlines';
import type { WorkingCalendar } from '@/lib/calendar/working-days';

/**
 * A deadline as a countdown in working days (on the configured calendar): time left, due today, or overdue — red and
 * said in words, not by colour alone. Met deadlines show when they were met.
 */
export async function Deadline({ label, dueBy, metAt, calendar, now }: { label: string; dueBy: Date; metAt: Date | null; calendar: WorkingCalendar; now: Date }) {
  const [t, format] = await Promise.all([getTranslations('complaints'), getFormatter()]);
  const when = format.dateTime(dueBy, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
  if (metAt) {
    const late = metAt > dueBy;
    return (
      <span className="inline-flex flex-wrap items-center gap-2">
        <span>{t('deadlineLine', { label, when })}</span>
        <Badge tone={late ? 'amber' : 'green'}>{t(late ? 'metLate' : 'met')}</Badge>
      </span>
    );
  }
  const s = deadlineState(dueBy, now, calendar);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span>{t('deadlineLine', { label, when })}</span>
      <Badge tone={s.state === 'overdue' ? 'red' : s.state === 'due_today' ? 'amber' : 'blue'}>
        {s.state === 'overdue' ? t('overdue', { days: Math.abs(s.workingDaysLeft) }) : s.state === 'due_today' ? t('dueToday') : t('daysLeft', { days: s.workingDaysLeft })}
      </Badge>
    </span>
  );
}

export async function StateBadge({ state }: { state: string }) {
  const t = await getTranslations('complaints');
  const tone = state === 'closed' ? 'slate' : state === 'resolved' || state === 'feedback' ? 'green' : state === 'investigating' ? 'blue' : 'amber';
  return <Badge tone={tone}>{t(`states.${state}`)}</Badge>;
}
