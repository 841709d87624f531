import { sql, type SQL } from 'drizzle-orm';

/**
 * Keyset paging's cursors, one way for every list: a row's time to the microsecond (as PostgreSQL keeps it: a
 * millisecond Date would repeat or skip rows) and its id, as "time|id". A cursor that is not exactly what the server
 * writes is no cursor — the caller shows the first page — so a hand-edited URL is never an error.
 */
export const EXACT_TIME = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z';
export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TIME_ID = new RegExp(`^(${EXACT_TIME})\\|(${UUID})$`);

/** A timestamptz column as the cursor's time text (UTC, microseconds). */
export const exactTime = (column: SQL) => sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Only a time the server could have written: one that reads back the same (no 30 February, no hour 24, no year 0,
 * which JavaScript rolls over or accepts and PostgreSQL refuses). */
export function realTime(text: string): boolean {
  const at = new Date(text);
  return !Number.isNaN(at.getTime()) && at.getUTCFullYear() >= 1 && at.toISOString().slice(0, 19) === text.slice(0, 19);
}

/** Reads a "time|id" cursor; anything else is undefined. */
export function parseTimeIdCursor(value: string | null | undefined): { at: string; id: string } | undefined {
  const m = typeof value === 'string' ? value.match(TIME_ID) : null;
  if (!m || !realTime(m[1]!)) return undefined;
  return { at: m[1]!, id: m[2]! };
}
