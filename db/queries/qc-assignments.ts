import 'server-only';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';

/**
 * The active inspector a session should go to: one who took no part in it (the database's own definition), the
 * `preferred` inspector first when they qualify, then whoever has the least open work (assignments not yet inspected).
 */
export async function leastLoadedInspector(conn: DbOrTx, sessionId: string, preferred?: string): Promise<string | undefined> {
  const [row] = await conn.execute<{ id: string }>(sql`
    SELECT q.id FROM staff q WHERE q.role = 'qc' AND q.active AND NOT took_part_in_session(${sessionId}, q.id)
    ORDER BY (q.id = ${preferred ?? null}::uuid) IS TRUE DESC,
      (SELECT count(*) FROM qc_assignments a WHERE a.inspector_id = q.id AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.session_id = a.session_id AND i.status = 'submitted')),
      q.id
    LIMIT 1`);
  return row?.id;
}
