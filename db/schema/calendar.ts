import 'server-only';
import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staff } from './staff';

/**
 * The working calendar (工作日历): public holidays on weekdays and make-up working days (调休) on weekends, as the
 * State Council publishes them each year. Deadlines in working days (complaints, disputes, rectifications) count by it.
 */
export const workingCalendar = pgTable(
  'working_calendar',
  {
    day: text('day').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    setBy: uuid('set_by').references(() => staff.id),
    setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('working_calendar_day', sql`${t.day} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`),
    check('working_calendar_name', sql`length(btrim(${t.name})) BETWEEN 1 AND 40`),
    // A holiday falls on a weekday, a make-up working day on a weekend.
    check('working_calendar_kind', sql`(${t.kind} = 'holiday' AND extract(isodow FROM ${t.day}::date) < 6) OR (${t.kind} = 'workday' AND extract(isodow FROM ${t.day}::date) >= 6)`),
  ],
);
