import 'server-only';
import { asc, between, eq } from 'drizzle-orm';
import { db, type DbOrTx, type Tx } from '@/db';
import { staff, workingCalendar } from '@/db/schema';
import { calendarOf, type CalendarEntry, type WorkingCalendar } from './working-days';

/** The working calendar as configured (holidays and make-up working days); every working-day deadline counts by it. */
export async function loadCalendar(conn: DbOrTx = db): Promise<WorkingCalendar> {
  const rows = await conn.select({ date: workingCalendar.day, kind: workingCalendar.kind }).from(workingCalendar);
  return calendarOf(rows.map((r) => ({ date: r.date, kind: r.kind as CalendarEntry['kind'] })));
}

/** The configured days of one calendar year, in date order, with who set each (a range on the key: dates sort as text). */
export async function listCalendar(year: number) {
  return db
    .select({ date: workingCalendar.day, kind: workingCalendar.kind, name: workingCalendar.name, setByName: staff.displayName, setAt: workingCalendar.setAt })
    .from(workingCalendar)
    .leftJoin(staff, eq(staff.id, workingCalendar.setBy))
    .where(between(workingCalendar.day, `${year}-01-01`, `${year}-12-31`))
    .orderBy(asc(workingCalendar.day));
}

/** What a day is set as now (undefined when it is an ordinary day of its week). */
export async function calendarDay(day: string, conn: DbOrTx = db): Promise<{ kind: CalendarEntry['kind']; name: string } | undefined> {
  const [row] = await conn.select({ kind: workingCalendar.kind, name: workingCalendar.name }).from(workingCalendar).where(eq(workingCalendar.day, day));
  return row && { kind: row.kind as CalendarEntry['kind'], name: row.name };
}

/**
 * Sets a day as a holiday or a make-up working day (replacing what it was). Only through an approved configuration
 * change (lib/config-changes), in its transaction; `by` is the administrator who approved it.
 */
export async function setCalendarDay(tx: Tx, entry: CalendarEntry, by: string): Promise<void> {
  await tx
    .insert(workingCalendar)
    .values({ day: entry.date, kind: entry.kind, name: entry.name, setBy: by })
    .onConflictDoUpdate({ target: workingCalendar.day, set: { kind: entry.kind, name: entry.name, setBy: by, setAt: new Date() } });
}

/** Removes a day from the calendar (it is an ordinary day again): what it was, or undefined when it was not there. */
export async function removeCalendarDay(tx: Tx, day: string): Promise<{ kind: string; name: string } | undefined> {
  const [row] = await tx.delete(workingCalendar).where(eq(workingCalendar.day, day)).returning({ kind: workingCalendar.kind, name: workingCalendar.name });
  return row;
}
