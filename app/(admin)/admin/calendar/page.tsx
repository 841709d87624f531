import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { RemoveCalendarDayForm, SetCalendarDayForm } from '@/components/admin/calendar-forms';
import { PendingChanges } from '@/components/config/pending-changes';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { listCalendar } from '@/lib/calendar/store';
import { beijingDate } from '@/lib/calendar/working-days';

/**
 * The working calendar (工作日历): the public holidays and make-up working days (调休) of a year, as the State Council
 * publishes them. Complaint deadlines, QC dispute windows and rectification due dates count working days by it. A day
 * is set or removed when an administrator other than its proposer approves (the changes awaiting that are listed).
 */
export default async function CalendarPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  await requireScreen('/admin/calendar');
  const asked = Number((await searchParams).year);
  const thisYear = Number(beijingDate(new Date()).slice(0, 4));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2099 ? asked : thisYear;
  const [t, tc, format, days] = await Promise.all([getTranslations('calendar'), getTranslations('config'), getFormatter(), listCalendar(year)]);
  // A Beijing date's weekday, named in the reader's language.
  const weekday = (date: string) => format.dateTime(new Date(`${date}T12:00:00+08:00`), { weekday: 'short' });
  const holidays = days.filter((d) => d.kind === 'holiday').length;
  const yearLink = (y: number, label: string) => (
    <Link href={`/admin/calendar?year=${y}`} aria-current={y === year ? 'page' : undefined} className={`rounded-md px-3 py-1 ${y === year ? 'bg-slate-800 text-white' : 'text-brand-700 underline'}`}>
      {label}
    </Link>
  );
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-sm text-slate-700">
        {t('help')} {tc('reviewHelp.calendar')}
      </p>
      <PendingChanges kind="calendar" />
      <Card title={t('setDay')}>
        <SetCalendarDayForm />
      </Card>
      <nav aria-label={t('chooseYear')} className="flex flex-wrap items-center gap-2 text-sm">
        {yearLink(year - 1, t('previousYear', { year: year - 1 }))}
        {yearLink(year, t('year', { year }))}
        {yearLink(year + 1, t('nextYear', { year: year + 1 }))}
        {year !== thisYear && yearLink(thisYear, t('thisYear', { year: thisYear }))}
      </nav>
      <Card title={t('yearDays', { year })}>
        {days.length === 0 ? (
          <EmptyState>{t('empty', { year })}</EmptyState>
        ) : (
          <>
            <p className="mb-3 text-sm text-slate-700">{t('summary', { holidays, workdays: days.length - holidays })}</p>
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('yearDays', { year })}</caption>
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-2">{t('date')}</th>
                  <th scope="col">{t('kind')}</th>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('setBy')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d.date} className="border-t border-slate-100 align-top">
                    <th scope="row" className="py-2 pr-3 font-normal whitespace-nowrap">
                      <span className="font-mono">{d.date}</span> <span className="text-slate-600">{weekday(d.date)}</span>
                    </th>
                    <td className="py-2 pr-3">
                      <Badge tone={d.kind === 'holiday' ? 'red' : 'blue'}>{t(`kinds.${d.kind as 'holiday' | 'workday'}`)}</Badge>
                    </td>
                    <td className="py-2 pr-3">{d.name}</td>
                    <td className="py-2 pr-3 text-slate-700">
                      {t('setByLine', { name: d.setByName ?? t('system'), at: format.dateTime(d.setAt, { dateStyle: 'short', timeStyle: 'short' }) })}
                    </td>
                    <td className="py-1">
                      <RemoveCalendarDayForm date={d.date} name={d.name} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Card>
    </div>
  );
}
