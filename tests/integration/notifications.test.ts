import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { listAppMessages, listDemoEmail, listDemoSms } from '@/db/queries/outbox';
import { encryptPii } from '@/lib/crypto/pii';
import { maskEmail } from '@/lib/customers/email';
import { closeEmailTransport } from '@/lib/notify/email';
import { deliverMessage } from '@/lib/notify/deliver';
import { action } from './actions';
import { makeUser, pendingMobileChange, startSession, freshIdNumber, freshMobile, type TestUser } from './factories';
import { actAs, confirmed } from './helpers';

let teller: TestUser;
let supervisor: TestUser;

async function giveEmail(customerId: string, email: string, language: 'zh-CN' | 'en') {
  await sql`UPDATE customers SET email_enc = ${encryptPii(email)}, email_masked = ${maskEmail(email)}, language = ${language} WHERE id = ${customerId}`;
}

const messagesOf = (sessionId: string) =>
  sql<{ id: string; channel: string; template: string; locale: string; recipient_last4: string; status: string }[]>`
    SELECT id, channel, template, locale, recipient_last4, status FROM outbox_messages WHERE session_id = ${sessionId} AND template <> 'otp' ORDER BY channel, template`;

beforeAll(async () => {
  teller = await makeUser('teller');
  supervisor = await makeUser('supervisor');
});

describe('the customer hears the outcome of a request, in their language, on every channel they have', () => {
  it('approval: SMS to the new number and a notice to the old one, e-mail and the app inbox, written with the decision', async () => {
    const p = await pendingMobileChange(teller.id);
    await giveEmail(p.customer.id, 'li.si@example.net', 'en');
    actAs(supervisor.sid);
    expect(await action('case.decide')(null, { caseId: p.caseId, decision: 'approve' })).toMatchObject({ ok: true, data: { state: 'completed' } });

    const queued = await messagesOf(p.sessionId);
    expect(queued.map((m) => [m.channel, m.template, m.recipient_last4, m.locale])).toEqual([
      ['sms', 'mobileChanged', p.newMobile.slice(-4), 'en'],
      ['sms', 'mobileChangedNotice', p.customer.mobile.slice(-4), 'en'],
      ['email', 'mobileChanged', 'l***@example.net', 'en'],
      ['in_app', 'mobileChanged', '', 'en'],
    ]);
    for (const m of queued) expect(await deliverMessage(m.id, false)).toBe('sent');

    const sms = (await listDemoSms(200)).map((s) => s.body);
    const last4 = p.newMobile.slice(-4);
    expect(sms).toContain(`[Air Counter] Your reserved mobile number has been changed to this number (ending ${last4}). If you did not ask for this, call us at once.`);
    expect(sms).toContain(`[Air Counter] Your reserved mobile number has been changed to a number ending ${last4}. This number no longer receives codes. If you did not ask for this, call us at once.`);
    const email = (await listDemoEmail(200)).find((e) => e.to === 'l***@example.net' && e.body.includes(p.newMobile.slice(-4)));
    expect(email?.subject).toBe('Your reserved mobile number has been changed');
    const inbox = (await listAppMessages(200)).filter((a) => a.customerId === p.customer.id);
    expect(inbox.map((a) => a.title)).toEqual(['Your reserved mobile number has been changed']);
    // Delivered once, even when a job runs again.
    for (const m of queued) expect(await deliverMessage(m.id, false)).toBe('skipped');
  });

  it('rejection: the outcome and the category of the reason (never the supervisor\'s words), in Chinese by default, by SMS to the current number and in the app; no e-mail without an address', async () => {
    const p = await pendingMobileChange(teller.id);
    actAs(supervisor.sid);
    expect(await action('case.decide')(null, { caseId: p.caseId, decision: 'reject', reasonCode: 'verification_doubt', opinion: '无法核实客户本人意愿' })).toMatchObject({
      ok: true,
      data: { state: 'rejected' },
    });
    const queued = await messagesOf(p.sessionId);
    expect(queued.map((m) => [m.channel, m.template, m.recipient_last4, m.locale])).toEqual([
      ['sms', 'businessRejected', p.customer.mobile.slice(-4), 'zh-CN'],
      ['in_app', 'businessRejected', '', 'zh-CN'],
    ]);
    await deliverMessage(queued[0]!.id, false);
    const [sms] = await sql<{ id: string }[]>`SELECT id FROM demo_sms_inbox WHERE message_id = ${queued[0]!.id}`;
    const body = (await listDemoSms(200)).find((s) => s.id === sms!.id)!.body;
    // The supervisor's opinion stays internal; the customer hears the business and the reason's category.
    expect(body).toBe('【空中柜面】您申请的变更预留手机号未获办理，原因：身份核实未通过。如有疑问，请致电我行。');
    expect(body).not.toContain('无法核实客户本人意愿');
  });

  it('a refused decision writes no message', async () => {
    const p = await pendingMobileChange(teller.id);
    // A teller may not decide at all; a supervisor's rejection without its reason is refused at the fields.
    actAs(teller.sid);
    expect(await action('case.decide')(null, { caseId: p.caseId, decision: 'approve' })).toMatchObject({ ok: false, message: 'errors.forbidden' });
    actAs(supervisor.sid);
    expect(await action('case.decide')(null, { caseId: p.caseId, decision: 'reject' })).toMatchObject({ ok: false, message: 'errors.checkFields' });
    expect(await messagesOf(p.sessionId)).toEqual([]);
    // A decision on a decided case is refused and tells the customer nothing more.
    expect(await action('case.decide')(null, { caseId: p.caseId, decision: 'approve' })).toMatchObject({ ok: true });
    const told = await messagesOf(p.sessionId);
    const other = await makeUser('supervisor');
    actAs(other.sid);
    expect(await action('case.decide')(null, { caseId: p.caseId, decision: 'reject', reasonCode: 'other', opinion: '晚到的决定' })).toMatchObject({ ok: false, message: expect.stringMatching(/^errors\.caseDecided/) });
    expect(await messagesOf(p.sessionId)).toEqual(told);
  });
});

describe('e-mail delivery through SMTP', () => {
  let reply: 'accept' | '451' | '550' = 'accept';
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (reply === 'accept') return callback();
      const err = Object.assign(new Error(reply === '451' ? 'Try again later' : 'Mailbox unavailable'), { responseCode: Number(reply) });
      callback(err);
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  const saved = { ...process.env };

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closeEmailTransport();
    Object.assign(process.env, { EMAIL_DRIVER: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String((server.server.address() as AddressInfo).port), SMTP_FROM: 'Air Counter <notify@bank.example>', SMTP_TIMEOUT_MS: '3000' });
  });
  afterAll(async () => {
    closeEmailTransport();
    for (const k of ['EMAIL_DRIVER', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM', 'SMTP_TIMEOUT_MS']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function emailMessage(): Promise<string> {
    const p = await pendingMobileChange(teller.id);
    await giveEmail(p.customer.id, `c${Date.now()}@example.net`, 'zh-CN');
    actAs(supervisor.sid);
    expect(await action('case.decide')(null, { caseId: p.caseId, decision: 'approve' })).toMatchObject({ ok: true });
    const [m] = await sql<{ id: string }[]>`SELECT id FROM outbox_messages WHERE session_id = ${p.sessionId} AND channel = 'email'`;
    return m!.id;
  }
  const status = async (id: string) => (await sql<{ status: string; attempts: number; last_error: string | null }[]>`SELECT status, attempts, last_error FROM outbox_messages WHERE id = ${id}`)[0]!;

  it('a failing SMTP server (451) is retried, and the message shows failed after the last try', async () => {
    const id = await emailMessage();
    reply = '451';
    expect(await deliverMessage(id, false)).toBe('retry');
    expect(await status(id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(await deliverMessage(id, true)).toBe('failed');
    const s = await status(id);
    expect(s).toMatchObject({ status: 'failed', attempts: 2 });
    expect(s.last_error).toContain('451');
    expect(s.last_error).not.toContain('@example.net');
  });

  it('a mailbox that does not exist (550) fails at once, without waiting for retries', async () => {
    const id = await emailMessage();
    reply = '550';
    expect(await deliverMessage(id, false)).toBe('failed');
    expect(await status(id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('a working server takes it', async () => {
    const id = await emailMessage();
    reply = 'accept';
    expect(await deliverMessage(id, false)).toBe('sent');
  });
});

describe('intake records the e-mail and the language for messages', () => {
  it('stores the e-mail encrypted and masked, and refuses a bad one at the field', async () => {
    actAs(teller.sid);
    const sessionId = await startSession(teller.id);
    const base = confirmed({ sessionId, name: '测试邮箱', idNumber: await freshIdNumber(), mobile: freshMobile() });
    expect(await action('customer.create')(null, { ...base, email: 'not-an-address', language: 'en' })).toMatchObject({ ok: false, fieldErrors: { email: ['errors.email'] } });
    const r = await action('customer.create')(null, { ...base, email: ' Wang.Wu@Example.com ', language: 'en' });
    expect(r).toMatchObject({ ok: true });
    const [row] = await sql<{ email_enc: string; email_masked: string; language: string }[]>`SELECT email_enc, email_masked, language FROM customers WHERE id = ${(r as { data: { id: string } }).data.id}`;
    expect(row!.email_masked).toBe('w***@example.com');
    expect(row!.email_enc).not.toContain('example.com');
    expect(row!.language).toBe('en');
  });
});
