import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { action } from './actions';
import { makeUser, type TestUser } from './factories';
import { actAs } from './helpers';

// A write and its audit row commit together: if the audit row cannot be written, the write does not stand.
describe('an action and its audit row are one transaction', () => {
  let teller: TestUser;
  beforeAll(async () => {
    teller = await makeUser('teller');
    await sql.unsafe(`
      CREATE FUNCTION test_refuse_ok_session_start() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.action = 'session.start' AND NEW.outcome = 'ok' AND NEW.actor_id = '${teller.id}' THEN
          RAISE EXCEPTION 'audit store unavailable (test)';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse_ok_session_start BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_refuse_ok_session_start();`);
  });
  afterAll(async () => {
    await sql.unsafe('DROP TRIGGER test_refuse_ok_session_start ON audit_events; DROP FUNCTION test_refuse_ok_session_start();');
  });

  it('rolls the write back when its audit row fails, and says so calmly', async () => {
    actAs(teller.sid);
    const result = await action('session.start')(null, { channel: 'chat' });
    expect(result).toMatchObject({ ok: false, message: 'errors.unexpected' });
    const [row] = await sql`SELECT count(*)::int AS n FROM service_sessions WHERE teller_id = ${teller.id}`;
    expect(row!.n).toBe(0);
    const [failed] = await sql`SELECT outcome, details FROM audit_events WHERE actor_id = ${teller.id} AND action = 'session.start' ORDER BY seq DESC LIMIT 1`;
    expect(failed).toMatchObject({ outcome: 'failed', details: { reason: 'unexpected' } });
  });
});
