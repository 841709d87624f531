'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { roleAction } from '@/lib/actions/role-action';
import { DomainError } from '@/lib/actions/result';
import { removeCalendarDay, setCalendarDay } from '@/lib/calendar/store';
import { calendarEntrySchema } from '@/lib/calendar/working-days';

const removeSchema = z.object({ date: z.string({ message: 'errors.date' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date') });

/**
 * An administrator sets a day of the working calendar: a public holiday on a weekday, or a make-up working day (调休)
 * on a weekend (replacing what the day was). Deadlines computed from now on count by it; those already set stay.
 */
export const setCalendarDayAction = roleAction('calendar.set', calendarEntrySchema, async (entry, user) => {
  await setCalendarDay(entry, user.id);
  revalidatePath('/admin/calendar');
  return {
    data: undefined,
    entityType: 'working_calendar',
    entityId: entry.date,
    details: { day: entry.date, kind: entry.kind, name: entry.name },
    message: entry.kind === 'holiday' ? 'calendar.setHoliday' : 'calendar.setWorkday',
    messageValues: { date: entry.date, name: entry.name },
  };
});

/** An administrator removes a day from the calendar: it is an ordinary day of its week again. */
export const removeCalendarDayAction = roleAction('calendar.remove', removeSchema, async ({ date }) => {
  const removed = await removeCalendarDay(date);
  if (!removed) throw new DomainError('errors.calendar.notSet', 'failed');
  revalidatePath('/admin/calendar');
  return { data: undefined, entityType: 'working_calendar', entityId: date, details: { day: date, kind: removed.kind, name: removed.name }, message: 'calendar.removed', messageValues: { date } };
});
