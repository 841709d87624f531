'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { roleAction } from '@/lib/actions/role-action';
import { calendarEntrySchema } from '@/lib/calendar/working-days';
import { changeNote } from '@/lib/config-changes/kinds';
import { proposeChange } from '@/lib/config-changes/service';

const withNote = z.object({ note: changeNote });
const removeSchema = z.object({ date: z.string({ message: 'errors.date' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date') }).and(withNote);

/**
 * An administrator proposes a day of the working calendar: a public holiday on a weekday, or a make-up working day
 * (调休) on a weekend (replacing what the day was). It takes effect when another administrator approves it
 * (config.decide); deadlines computed from then on count by it, those already set stay.
 */
export const setCalendarDayAction = roleAction('calendar.set', calendarEntrySchema.and(withNote), async ({ note, ...entry }, user) => {
  const change = await proposeChange('calendar', entry.date, { day: entry.date, kind: entry.kind, name: entry.name }, note, user);
  revalidatePath('/admin/calendar');
  return {
    data: { changeId: change.id },
    entityType: 'working_calendar',
    entityId: entry.date,
    details: { change: change.id, day: entry.date, kind: entry.kind, name: entry.name, was: change.base, note },
    message: 'config.proposed.calendar',
  };
});

/** An administrator proposes removing a day from the calendar (it is an ordinary day of its week again), for another to approve. */
export const removeCalendarDayAction = roleAction('calendar.remove', removeSchema, async ({ date, note }, user) => {
  const change = await proposeChange('calendar', date, { day: date, remove: true }, note, user);
  revalidatePath('/admin/calendar');
  return { data: { changeId: change.id }, entityType: 'working_calendar', entityId: date, details: { change: change.id, day: date, remove: true, was: change.base, note }, message: 'config.proposed.calendar' };
});
