import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { deliverMessage } from '@/lib/notify/deliver';
import { action } from './actions';
import { basicVerifiedSession, freshMobile, makeUser, type TestUser } from './factories';
import { actAs, businessChecksums } from './helpers';
import { deliverAndReadCode, passPasswordStep } from './otp-helpers';

let teller: TestUser;
let sessionId: string;
let customerId: string;
beforeEach(async () => {
  teller = await makeUser('teller');
  const s = await basicVerifiedSession(teller.id);
  sessionId = s.sessionId;
  customerId = s.customer.id;
  actAs(teller.sid);
});

const send = () => action('verification.otpSend')(null, { sessionId });
const check = (code: string) => action('verification.otpCheck')(null, { sessionId, code });
const confirm = (confirmed: 'yes' | 'no') => action('verification.confirm')(null, { sessionId, confirmed });
const requestChange = () => action('changeRequest.create')(null, { sessionId, newMobile: freshMobile(), idempotencyKey: randomUUID() });
const sessionCases = () => sql<{ type: string; state: string }[]>`SELECT type, state FROM cases WHERE session_id = ${sessionId}`;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const ageChallenges = (seconds: number) =>
  sql`UPDATE otp_challenges SET created_at = created_at - make_interval(secs => ${seconds}) WHERE session_id = ${sessionId}`;

describe('the ladder gates the business on the server', () => {
  it('basic information alone is not enough for a mobile change; nothing is written', async () => {
    const before = await businessChecksums();
    expect(await requestChange()).toMatchObject({ ok: false, message: 'errors.verificationRequired' });
    expect(await businessChecksums()).toEqual(before);
  });

  it('confirmation cannot come before the steps of any business are done', async () => {
    // A high-risk customer's every business needs the code (contact details too), so basic alone allows no confirmation.
    await sql`UPDATE customers SET risk_level = 'high' WHERE id = ${customerId}`;
    expect(await confirm('yes')).toMatchObject({ ok: false, message: 'errors.confirmLast' });
  });

  it('a confirmation closes only the steps done before it: after the code, a mobile change needs the customer to confirm again', async () => {
    // Contact details need basic information only (default policy): the customer may confirm for that now.
    expect(await confirm('yes')).toMatchObject({ ok: true, data: { result: 'pass' } });
    await passPasswordStep(sessionId, customerId, teller.id);
    await send();
    expect(await check(await deliverAndReadCode(sessionId))).toMatchObject({ ok: true, data: { result: 'pass' } });
    const before = await businessChecksums();
    expect(await requestChange()).toMatchObject({ ok: false, message: 'errors.verificationRequired' });
    expect(await businessChecksums()).toEqual(before);
    expect(await confirm('yes')).toMatchObject({ ok: true, data: { result: 'pass' } });
    expect(await requestChange()).toMatchObject({ ok: true, data: { state: 'pending_approval' } });
    expect(await sessionCases()).toEqual([{ type: 'change_mobile', state: 'pending_approval' }]);
  });

  it('basic + password + code + confirmation allows it; a customer who does not confirm blocks it again', async () => {
    await send();
    await passPasswordStep(sessionId, customerId, teller.id);
    expect(await check(await deliverAndReadCode(sessionId))).toMatchObject({ ok: true, data: { result: 'pass' } });
    expect(await confirm('no')).toMatchObject({ ok: true, data: { result: 'fail' }, tone: 'warning' });
    expect(await requestChange()).toMatchObject({ ok: false, message: 'errors.verificationRequired' });
    expect(await sessionCases()).toEqual([]);
    expect(await confirm('yes')).toMatchObject({ ok: true, data: { result: 'pass' } });
    expect(await requestChange()).toMatchObject({ ok: true, data: { state: 'pending_approval' } });
    expect(await sessionCases()).toEqual([{ type: 'change_mobile', state: 'pending_approval' }]);
    // The change used up the verification behind it: the next one climbs the ladder again.
    const before = await businessChecksums();
    expect(await requestChange()).toMatchObject({ ok: false, message: 'errors.verificationRequired' });
    expect(await businessChecksums()).toEqual(before);
  });
});

describe('one-time codes', () => {
  it('are stored hashed and sent through the outbox encrypted: the code is nowhere in clear', async () => {
    await send();
    const code = await deliverAndReadCode(sessionId);
    const [otp] = await sql`SELECT code_hash FROM otp_challenges WHERE session_id = ${sessionId}`;
    const [msg] = await sql`SELECT body_enc, recipient_enc, status FROM outbox_messages WHERE session_id = ${sessionId}`;
    expect(`${otp!.code_hash}${msg!.body_enc}${msg!.recipient_enc}`).not.toContain(code);
    expect(msg!.status).toBe('sent');
  });

  it('count wrong attempts: three misses retire the code and lock the customer', async () => {
    await send();
    const code = await deliverAndReadCode(sessionId);
    expect(await check(wrong(code))).toMatchObject({ ok: true, data: { result: 'fail', attemptsLeft: 2 } });
    expect(await check(wrong(code))).toMatchObject({ ok: true, data: { result: 'fail', attemptsLeft: 1 } });
    expect(await check(wrong(code))).toMatchObject({ ok: true, data: { result: 'fail', attemptsLeft: 0, locked: true }, message: 'teller.customerLockedNow' });
    expect(await check(code)).toMatchObject({ ok: false, message: 'errors.customerLocked' });
    const [challenge] = await sql`SELECT superseded_at IS NOT NULL AS retired FROM otp_challenges WHERE session_id = ${sessionId}`;
    expect(challenge!.retired).toBe(true);
    const [row] = await sql`SELECT count(*)::int AS n FROM verifications WHERE session_id = ${sessionId} AND kind = 'otp' AND result = 'fail'`;
    expect(row!.n).toBe(3);
  });

  it('work once: a replayed code is refused', async () => {
    await send();
    const code = await deliverAndReadCode(sessionId);
    expect(await check(code)).toMatchObject({ ok: true, data: { result: 'pass' } });
    expect(await check(code)).toMatchObject({ ok: false, message: 'errors.otpUsed', fieldErrors: { code: ['errors.otpSendNew'] } });
  });

  it('expire after 5 minutes', async () => {
    await send();
    const code = await deliverAndReadCode(sessionId);
    await sql`UPDATE otp_challenges SET expires_at = now() - interval '1 second' WHERE session_id = ${sessionId}`;
    expect(await check(code)).toMatchObject({ ok: false, message: 'errors.otpExpired' });
  });

  it('a new code invalidates the old one', async () => {
    await send();
    const first = await deliverAndReadCode(sessionId);
    await ageChallenges(31);
    expect(await send()).toMatchObject({ ok: true });
    const second = await deliverAndReadCode(sessionId);
    if (first !== second) expect(await check(first)).toMatchObject({ ok: true, data: { result: 'fail' } });
    expect(await check(second)).toMatchObject({ ok: true, data: { result: 'pass' } });
  });

  it('a code of another session does not pass here', async () => {
    const other = (await basicVerifiedSession(teller.id)).sessionId;
    await action('verification.otpSend')(null, { sessionId: other });
    const otherCode = await deliverAndReadCode(other);
    await send();
    const mine = await deliverAndReadCode(sessionId);
    if (otherCode !== mine) expect(await check(otherCode)).toMatchObject({ ok: true, data: { result: 'fail' } });
  });

  it('resending is limited: 30 seconds apart, 3 in 10 minutes', async () => {
    expect(await send()).toMatchObject({ ok: true });
    expect(await send()).toMatchObject({ ok: false, message: 'errors.otpTooSoon' });
    await ageChallenges(31);
    expect(await send()).toMatchObject({ ok: true });
    await ageChallenges(31);
    expect(await send()).toMatchObject({ ok: true });
    await ageChallenges(31);
    expect(await send()).toMatchObject({ ok: false, message: 'errors.otpResendLimit' });
    const [row] = await sql`SELECT count(*)::int AS n FROM outbox_messages WHERE session_id = ${sessionId}`;
    expect(row!.n).toBe(3);
  });
});

describe('the outbox', () => {
  it('queues the delivery job in the same transaction as the message', async () => {
    await send();
    const [msg] = await sql`SELECT id FROM outbox_messages WHERE session_id = ${sessionId}`;
    const [job] = await sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'outbox-deliver' AND data->>'messageId' = ${msg!.id}`;
    expect(job!.n).toBe(1);
  });

  it('delivers a message exactly once, even when its job runs twice', async () => {
    await send();
    const [msg] = await sql`SELECT id FROM outbox_messages WHERE session_id = ${sessionId}`;
    expect(await deliverMessage(msg!.id, false)).toBe('sent');
    expect(await deliverMessage(msg!.id, false)).toBe('skipped');
    const [row] = await sql`SELECT count(*)::int AS n FROM demo_sms_inbox WHERE message_id = ${msg!.id}`;
    expect(row!.n).toBe(1);
  });

  it('retries a failing gateway and marks the message failed after the last try', async () => {
    await send();
    const [msg] = await sql`SELECT id FROM outbox_messages WHERE session_id = ${sessionId}`;
    const saved = { driver: process.env.SMS_DRIVER, url: process.env.SMS_GATEWAY_URL };
    process.env.SMS_DRIVER = 'http';
    process.env.SMS_GATEWAY_URL = 'http://127.0.0.1:9/unreachable';
    try {
      expect(await deliverMessage(msg!.id, false)).toBe('retry');
      const [mid] = await sql`SELECT status, attempts, last_error FROM outbox_messages WHERE id = ${msg!.id}`;
      expect(mid).toMatchObject({ status: 'queued', attempts: 1 });
      expect(mid!.last_error).toBeTruthy();
      expect(await deliverMessage(msg!.id, true)).toBe('failed');
      const [end] = await sql`SELECT status, attempts FROM outbox_messages WHERE id = ${msg!.id}`;
      expect(end).toEqual({ status: 'failed', attempts: 2 });
    } finally {
      process.env.SMS_DRIVER = saved.driver;
      process.env.SMS_GATEWAY_URL = saved.url;
      if (saved.driver === undefined) delete process.env.SMS_DRIVER;
      if (saved.url === undefined) delete process.env.SMS_GATEWAY_URL;
    }
    const [received] = await sql`SELECT count(*)::int AS n FROM demo_sms_inbox WHERE message_id = ${msg!.id}`;
    expect(received!.n).toBe(0);
  });

  it('an administrator puts a failed message back in the queue with a new job; only a failed one', async () => {
    await send();
    const [msg] = await sql`SELECT id FROM outbox_messages WHERE session_id = ${sessionId}`;
    const admin = await makeUser('admin');
    actAs(admin.sid);
    expect(await action('outbox.retry')(null, { messageId: msg!.id })).toMatchObject({ ok: false, message: 'errors.notRetryable' });
    await sql`UPDATE outbox_messages SET status = 'failed', last_error = 'gateway down' WHERE id = ${msg!.id}`;
    expect(await action('outbox.retry')(null, { messageId: msg!.id })).toMatchObject({ ok: true, message: 'deliveries.requeued' });
    const [row] = await sql`SELECT status FROM outbox_messages WHERE id = ${msg!.id}`;
    expect(row!.status).toBe('queued');
    const [jobs] = await sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'outbox-deliver' AND data->>'messageId' = ${msg!.id}`;
    expect(jobs!.n).toBe(2);
    expect(await deliverMessage(msg!.id, false)).toBe('sent');
  });

  it('never delivers or retries a one-time code older than its 5 minutes', async () => {
    await send();
    const [msg] = await sql`SELECT id FROM outbox_messages WHERE session_id = ${sessionId}`;
    await sql`UPDATE outbox_messages SET created_at = now() - interval '6 minutes' WHERE id = ${msg!.id}`;
    expect(await deliverMessage(msg!.id, false)).toBe('skipped');
    const [row] = await sql`SELECT status, last_error FROM outbox_messages WHERE id = ${msg!.id}`;
    expect(row).toEqual({ status: 'failed', last_error: 'expired before delivery' });
    const admin = await makeUser('admin');
    actAs(admin.sid);
    expect(await action('outbox.retry')(null, { messageId: msg!.id })).toMatchObject({ ok: false, message: 'errors.notRetryable' });
  });
});
