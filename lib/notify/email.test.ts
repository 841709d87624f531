import { afterEach, describe, expect, it } from 'vitest';
import { classifySmtpError, closeEmailTransport, EmailConfigError, emailMessageId, sendEmail } from './email';

const KEYS = ['SMTP_HOST', 'SMTP_PORT', 'SMTP_USER', 'SMTP_PASS', 'SMTP_FROM', 'SMTP_TIMEOUT_MS'] as const;
const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
afterEach(() => {
  closeEmailTransport();
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const msg = { to: 'someone@example.net', subject: 's', text: 't', messageId: 'm-1' };

function configure(env: Partial<Record<(typeof KEYS)[number], string>>) {
  closeEmailTransport();
  for (const key of KEYS) delete process.env[key];
  Object.assign(process.env, env);
}

describe('SMTP configuration', () => {
  it('names the missing or malformed variable', async () => {
    configure({ SMTP_FROM: 'a@bank.example' });
    await expect(sendEmail(msg)).rejects.toThrow(new EmailConfigError('SMTP_HOST is not set'));
    configure({ SMTP_HOST: 'localhost' });
    await expect(sendEmail(msg)).rejects.toThrow(/SMTP_FROM is not set/);
    configure({ SMTP_HOST: 'localhost', SMTP_FROM: 'a@bank.example', SMTP_PORT: '25x' });
    await expect(sendEmail(msg)).rejects.toThrow(/SMTP_PORT must be an integer/);
    configure({ SMTP_HOST: 'localhost', SMTP_FROM: 'a@bank.example', SMTP_TIMEOUT_MS: '0' });
    await expect(sendEmail(msg)).rejects.toThrow(/SMTP_TIMEOUT_MS must be an integer/);
    configure({ SMTP_HOST: 'localhost', SMTP_FROM: 'a@bank.example', SMTP_USER: 'u' });
    await expect(sendEmail(msg)).rejects.toThrow(/SMTP_PASS must be set/);
  });
});

describe('the Message-ID', () => {
  it('is derived from the outbox id, in the sender\'s domain', () => {
    expect(emailMessageId('0b6f1c2e-1', 'Air Counter <notify@bank.example>')).toBe('<0b6f1c2e-1@bank.example>');
    expect(emailMessageId('x', 'notify@bank.example')).toBe('<x@bank.example>');
    expect(emailMessageId('x', 'no address here')).toBe('<x@air-counter.local>');
    expect(() => emailMessageId('a>b\r\nBcc: x', 'notify@bank.example')).toThrow();
  });
});

describe('classifying SMTP failures', () => {
  const smtp = (responseCode: number, response: string, code = 'EENVELOPE') => ({ code, responseCode, response, command: 'RCPT TO' });

  it('retries 4xx replies and gives up on 5xx', () => {
    expect(classifySmtpError(smtp(421, '421 4.4.2 closing')).retryable).toBe(true);
    expect(classifySmtpError(smtp(452, '452 4.2.2 <a@b.c> over quota')).retryable).toBe(true);
    const permanent = classifySmtpError(smtp(553, '553 5.1.3 <bad@> malformed'));
    expect(permanent).toMatchObject({ retryable: false, responseCode: 553, enhancedCode: '5.1.3' });
    expect(permanent.message).toBe('SMTP server refused RCPT TO: 553 5.1.3 (permanent)');
  });

  it('retries connection failures, timeouts, rejected credentials and the unknown', () => {
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS']) {
      expect(classifySmtpError(Object.assign(new Error('x'), { code })).retryable).toBe(true);
    }
    expect(classifySmtpError(smtp(535, '535 5.7.8 bad credentials', 'EAUTH')).retryable).toBe(true);
    expect(classifySmtpError(new Error('Reached maximum number of retries after connection was closed')).retryable).toBe(true);
    expect(classifySmtpError('weird').retryable).toBe(true);
  });

  it('gives up on an address nodemailer itself refuses, without quoting it', () => {
    const err = classifySmtpError(Object.assign(new Error('Invalid recipient "x y@z"'), { code: 'EENVELOPE' }));
    expect(err.retryable).toBe(false);
    expect(err.message).not.toContain('x y@z');
  });
});
