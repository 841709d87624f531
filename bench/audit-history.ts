// The audit trail's history, hash-chained exactly as the database's trigger chains it (audit_row_hash in
// db/migrations/0001_invariants.sql), streamed into the table with COPY. The chain is sequential by nature (each row's
// hash covers the previous one), so it is computed here, where SHA-256 is cheap, instead of by the per-row trigger;
// the trigger is off for the load and bench/seed.ts checks the whole chain afterwards with verifyAuditChain().
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';

/** The same id as bench_seed.uid(kind, n) in bench/sql/00_setup.sql. */
export function benchUid(kind: string, n: number): string {
  const h = createHash('md5').update(kind + n).digest('hex');
  const v = `${h.slice(0, 12)}4${h.slice(13, 16)}8${h.slice(17)}`;
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
}

type Actor = { id: string; role: 'teller' | 'supervisor' | 'qc' | 'admin' };

/** What the trail records, roughly in the proportions a working day has: views, searches, sign-ins and decisions. */
const KINDS: { action: string; role: Actor['role']; entity: 'customer' | 'service_session' | 'case' | 'staff'; details: string }[] = [
  { action: 'screen.view', role: 'supervisor', entity: 'customer', details: '{}' },
  { action: 'customer.search', role: 'teller', entity: 'service_session', details: '{"page": "first", "found": 3}' },
  { action: 'session.start', role: 'teller', entity: 'service_session', details: '{"channel": "phone"}' },
  { action: 'verification.basic', role: 'teller', entity: 'service_session', details: '{}' },
  { action: 'customer.attach', role: 'teller', entity: 'service_session', details: '{}' },
  { action: 'case.transfer', role: 'teller', entity: 'case', details: '{}' },
  { action: 'case.decide', role: 'supervisor', entity: 'case', details: '{"decision": "approve"}' },
  { action: 'session.end', role: 'teller', entity: 'service_session', details: '{}' },
  { action: 'auth.sign_in', role: 'teller', entity: 'staff', details: '{}' },
  { action: 'inspection.submit', role: 'qc', entity: 'service_session', details: '{}' },
];

function utcText(us: bigint): { iso: string; copy: string } {
  const ms = Number(us / 1000n);
  const micro = String(us % 1_000_000n).padStart(6, '0');
  const base = new Date(ms).toISOString().slice(0, 19);
  return { iso: `${base}.${micro}`, copy: `${base.replace('T', ' ')}.${micro}+00` };
}

/**
 * Streams `count` audit rows chained from genesis, spread evenly over the `days` before `anchor` (oldest first), by
 * the given staff. `canonical` maps each details literal to PostgreSQL's jsonb text of it (what the hash covers).
 */
export async function copyAuditHistory(
  sql: postgres.Sql,
  v: { count: number; anchor: Date; days: number; staff: Record<Actor['role'], string[]>; customers: number; sessions: number; cases: number; canonical: Record<string, string> },
): Promise<void> {
  const span = BigInt(v.days) * 86_400_000_000n;
  const end = BigInt(v.anchor.getTime()) * 1000n - 60_000_000n;
  const step = span / BigInt(v.count);
  let prev = 'genesis';
  let seq = 0;
  function* rows(): Generator<string> {
    const chunk: string[] = [];
    while (seq < v.count) {
      seq++;
      const kind = KINDS[(seq * 7) % KINDS.length]!;
      const people = v.staff[kind.role];
      const actor = people[seq % people.length]!;
      const entityId =
        kind.entity === 'customer' ? benchUid('cu', 1 + ((seq * 48271) % v.customers))
        : kind.entity === 'service_session' ? benchUid('ss', 1 + ((seq * 7919) % v.sessions))
        : kind.entity === 'case' ? benchUid('ca', 1 + ((seq * 104729) % v.cases))
        : actor;
      const at = utcText(end - span + BigInt(seq) * step);
      const requestId = `bench-${seq.toString(36)}`;
      const ip = `10.${(seq >> 16) & 255}.${(seq >> 8) & 255}.${seq & 255}`;
      const details = v.canonical[kind.details]!;
      const hash = createHash('sha256')
        .update([prev, String(seq), at.iso, actor, kind.role, kind.action, kind.entity, entityId, 'ok', requestId, ip, details].join('|'))
        .digest('hex');
      chunk.push([seq, at.copy, actor, kind.role, kind.action, kind.entity, entityId, 'ok', requestId, ip, details, prev, hash].join('\t'));
      prev = hash;
      if (chunk.length === 2000) {
        yield chunk.join('\n') + '\n';
        chunk.length = 0;
      }
    }
    if (chunk.length) yield chunk.join('\n') + '\n';
  }
  const target = await sql`COPY audit_events (seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, outcome, request_id, ip, details, prev_hash, hash) FROM STDIN`.writable();
  await pipeline(Readable.from(rows()), target);
}
