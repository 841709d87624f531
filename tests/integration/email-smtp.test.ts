import { randomUUID } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeEmailTransport, EmailDeliveryError, isPermanentEmailFailure, sendEmail, type EmailMessage } from '@/lib/notify/email';

// A real SMTP server on loopback: plain text, no STARTTLS, no authentication. `reply` decides how it answers.
type Reply = 'accept' | 'rcpt451' | 'rcpt550' | 'data451';
let reply: Reply = 'accept';
const received: Array<{ rcptTo: string[]; mailFrom: string; parsed: ParsedMail }> = [];

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

const server = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onRcptTo(address, _session, callback) {
    // Worded as Postfix does, quoting the address: the adapter must keep the codes and drop the address.
    if (reply === 'rcpt451') return callback(smtpError(451, `4.7.1 <${address.address}>: Recipient address rejected: greylisted`));
    if (reply === 'rcpt550') return callback(smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: mailbox unavailable`));
    callback();
  },
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((parsed) => {
        if (reply === 'data451') return callback(smtpError(451, 'local error in processing'));
        received.push({
          rcptTo: session.envelope.rcptTo.map((a) => a.address),
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          parsed,
        });
        callback();
      })
      .catch((err: Error) => callback(err));
  },
});

const ENV_KEYS = ['SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURE', 'SMTP_USER', 'SMTP_PASS', 'SMTP_FROM', 'SMTP_TIMEOUT_MS'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
let smtpPort: number;

function useSmtp(port: number, timeoutMs = 5000) {
  closeEmailTransport();
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.SMTP_HOST = '127.0.0.1';
  process.env.SMTP_PORT = String(port);
  process.env.SMTP_FROM = 'Air Counter <notify@bank.example>';
  process.env.SMTP_TIMEOUT_MS = String(timeoutMs);
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  smtpPort = (server.server.address() as AddressInfo).port;
});

afterEach(() => {
  reply = 'accept';
  received.length = 0;
});

afterAll(async () => {
  closeEmailTransport();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

function message(): EmailMessage {
  const tag = randomUUID().slice(0, 8);
  return {
    messageId: randomUUID(),
    to: `customer.${tag}@example.net`,
    subject: `Your appointment ${tag}`,
    text: `Dear customer, your reference is REF-${tag}. Balance 1,234.56.`,
    html: `<p>Dear customer, your reference is <b>REF-${tag}</b>.</p>`,
  };
}

async function failure(msg: EmailMessage): Promise<EmailDeliveryError> {
  const err = await sendEmail(msg).then(
    () => {
      throw new Error('expected the send to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EmailDeliveryError);
  return err as EmailDeliveryError;
}

/** Nothing personal anywhere in what the worker could store or log: message, inspection, JSON. */
function expectNoPersonalData(err: Error, msg: EmailMessage) {
  const tag = msg.to.slice('customer.'.length, msg.to.indexOf('@'));
  for (const shown of [err.message, String(err), inspect(err, { depth: 5 }), JSON.stringify(err)]) {
    expect(shown).not.toContain(msg.to);
    expect(shown).not.toContain(tag);
    expect(shown).not.toContain(msg.text);
    expect(shown).not.toContain('REF-');
  }
}

describe('email over SMTP (against a local SMTP server)', () => {
  it('delivers from/to/subject/text/html with a Message-ID derived from the outbox id, the same on a retry', async () => {
    useSmtp(smtpPort);
    const msg = message();
    const first = await sendEmail(msg);
    const second = await sendEmail(msg);

    const expectedId = `<${msg.messageId}@bank.example>`;
    expect(first.providerId).toBe(expectedId);
    expect(second.providerId).toBe(expectedId);
    expect(received).toHaveLength(2);
    for (const { rcptTo, mailFrom, parsed } of received) {
      expect(rcptTo).toEqual([msg.to]);
      expect(mailFrom).toBe('notify@bank.example');
      expect(parsed.messageId).toBe(expectedId);
      expect(parsed.from?.value).toEqual([{ name: 'Air Counter', address: 'notify@bank.example' }]);
      expect((parsed.to as AddressObject).value.map((a) => a.address)).toEqual([msg.to]);
      expect(parsed.subject).toBe(msg.subject);
      expect(parsed.text?.trim()).toBe(msg.text);
      expect(parsed.html).toContain(msg.html);
    }

    // A different outbox message gets a different Message-ID.
    const other = message();
    await sendEmail(other);
    expect(received[2]!.parsed.messageId).toBe(`<${other.messageId}@bank.example>`);
  });

  it('classifies a 451 refusal of the recipient as retryable', async () => {
    useSmtp(smtpPort);
    reply = 'rcpt451';
    const msg = message();
    const err = await failure(msg);
    expect(err.retryable).toBe(true);
    expect(isPermanentEmailFailure(err)).toBe(false);
    expect(err.responseCode).toBe(451);
    expect(err.enhancedCode).toBe('4.7.1');
    expect(err.message).toContain('451 4.7.1');
    expectNoPersonalData(err, msg);
    expect(received).toHaveLength(0);

    // The pooled connection survives the refusal: the next message goes through.
    reply = 'accept';
    await sendEmail(msg);
    expect(received).toHaveLength(1);
  });

  it('classifies a 451 after DATA as retryable', async () => {
    useSmtp(smtpPort);
    reply = 'data451';
    const msg = message();
    const err = await failure(msg);
    expect(err.retryable).toBe(true);
    expect(err.responseCode).toBe(451);
    expectNoPersonalData(err, msg);
  });

  it('classifies 550 mailbox unavailable as permanent', async () => {
    useSmtp(smtpPort);
    reply = 'rcpt550';
    const msg = message();
    const err = await failure(msg);
    expect(err.retryable).toBe(false);
    expect(isPermanentEmailFailure(err)).toBe(true);
    expect(err.responseCode).toBe(550);
    expect(err.enhancedCode).toBe('5.1.1');
    expect(err.message).toContain('550 5.1.1');
    expectNoPersonalData(err, msg);
    expect(received).toHaveLength(0);
  });

  it('treats a closed port as retryable and fails at once', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    useSmtp(closedPort, 1000);
    const msg = message();
    const started = Date.now();
    const err = await failure(msg);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err.retryable).toBe(true);
    expect(err.responseCode).toBeUndefined();
    expectNoPersonalData(err, msg);
  });

  it('gives up on a server that accepts the connection but never answers, within SMTP_TIMEOUT_MS', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      useSmtp((silent.address() as AddressInfo).port, 800);
      const msg = message();
      const started = Date.now();
      const err = await failure(msg);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(700);
      expect(elapsed).toBeLessThan(3000);
      expect(err.retryable).toBe(true);
      expect(err.message).toMatch(/ETIMEDOUT/);
      expectNoPersonalData(err, msg);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
