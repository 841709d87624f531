import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

export type EmailMessage = { to: string; subject: string; text: string; html?: string; messageId: string };

export class EmailConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailConfigError';
  }
}

/**
 * A failed delivery attempt. `retryable` tells the worker whether another attempt can succeed (4xx replies,
 * connection failures, timeouts) or not (5xx replies such as 550 mailbox unavailable). The message carries only
 * SMTP codes, never the recipient or the content: it is stored as the outbox message's last error.
 */
export class EmailDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly responseCode?: number,
    readonly enhancedCode?: string,
  ) {
    super(message);
    this.name = 'EmailDeliveryError';
  }
}

/** True when retrying the same message cannot help; anything else (including configuration errors) is worth a retry. */
export function isPermanentEmailFailure(err: unknown): boolean {
  return err instanceof EmailDeliveryError && !err.retryable;
}

type SmtpConfig = { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string; timeoutMs: number };

function positiveInt(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new EmailConfigError(`${name} must be an integer from 1 to ${max}`);
  return value;
}

/** Read at first use, not at import, so the app builds and runs without SMTP settings until an email is sent. */
function smtpConfig(): SmtpConfig {
  const host = process.env.SMTP_HOST;
  if (!host) throw new EmailConfigError('SMTP_HOST is not set');
  const from = process.env.SMTP_FROM;
  if (!from) throw new EmailConfigError('SMTP_FROM is not set');
  const user = process.env.SMTP_USER || undefined;
  const pass = process.env.SMTP_PASS || undefined;
  if (user && !pass) throw new EmailConfigError('SMTP_PASS must be set when SMTP_USER is');
  return {
    host,
    port: positiveInt('SMTP_PORT', 587, 65_535),
    secure: process.env.SMTP_SECURE === 'true',
    user,
    pass,
    from,
    timeoutMs: positiveInt('SMTP_TIMEOUT_MS', 10_000, 300_000),
  };
}

let memo: { transport: Transporter<SMTPPool.SentMessageInfo>; config: SmtpConfig } | undefined;

function transport() {
  if (memo) return memo;
  const config = smtpConfig();
  const options: SMTPPool.Options & { maxRequeues: number } = {
    pool: true,
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.pass } : undefined,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
    dnsTimeout: config.timeoutMs,
    // The pool would otherwise resend a message whose connection dropped, without limit and behind the worker's back;
    // the worker's own retries with backoff are the only retries.
    maxRequeues: 0,
  };
  memo = { transport: nodemailer.createTransport(options), config };
  return memo;
}

/** Closes the pooled connections; the next send reads the configuration again (worker shutdown, tests). */
export function closeEmailTransport(): void {
  memo?.transport.close();
  memo = undefined;
}

const NODEMAILER_CODE = /^E[A-Z]+$/;

/**
 * Turns whatever nodemailer threw into an EmailDeliveryError. Its own messages and `response` may quote the
 * recipient, so only the reply code, the enhanced status code and nodemailer's error code are kept.
 */
export function classifySmtpError(err: unknown): EmailDeliveryError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; responseCode?: unknown; response?: unknown; command?: unknown };
  const code = typeof e.code === 'string' && NODEMAILER_CODE.test(e.code) ? e.code : undefined;
  const responseCode = typeof e.responseCode === 'number' && e.responseCode >= 200 && e.responseCode < 600 ? e.responseCode : undefined;
  const enhancedCode = typeof e.response === 'string' ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})(?=\s|$)/.exec(e.response)?.[1] : undefined;
  const command = typeof e.command === 'string' && /^[A-Z][A-Z ]{1,15}$/.test(e.command) ? e.command : undefined;

  // Rejected credentials are our configuration, not this message's fault: retrying lets the operator fix them first.
  if (code === 'EAUTH' || code === 'ENOAUTH') {
    return new EmailDeliveryError(`SMTP authentication failed${responseCode ? `: ${responseCode}` : ''} (${code})`, true, responseCode, enhancedCode);
  }
  if (responseCode && responseCode >= 400) {
    const retryable = responseCode < 500;
    const reply = [responseCode, enhancedCode].filter(Boolean).join(' ');
    return new EmailDeliveryError(
      `SMTP server refused${command ? ` ${command}` : ''}: ${reply} (${retryable ? 'temporary' : 'permanent'})`,
      retryable,
      responseCode,
      enhancedCode,
    );
  }
  // nodemailer's own check of the envelope: the address is malformed, so no retry can deliver it.
  if (code === 'EENVELOPE') return new EmailDeliveryError('The recipient address was rejected before sending (EENVELOPE)', false);
  return new EmailDeliveryError(`SMTP delivery failed (${code ?? 'no error code'}); will retry`, true);
}

/** The Message-ID is derived from the outbox id so that every retry of one message carries the same one. */
export function emailMessageId(messageId: string, from: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(messageId)) throw new Error('Invalid outbox message id for a Message-ID');
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'air-counter.local';
  return `<${messageId}@${domain}>`;
}

/**
 * The email channel: SMTP through a pooled nodemailer transport. Throws EmailConfigError when SMTP is not configured
 * and EmailDeliveryError (see `retryable`) when the attempt failed.
 */
export async function sendEmail(msg: EmailMessage): Promise<{ providerId: string }> {
  const { transport: smtp, config } = transport();
  const messageId = emailMessageId(msg.messageId, config.from);
  try {
    const info = await smtp.sendMail({ from: config.from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html, messageId });
    return { providerId: info.messageId || messageId };
  } catch (err) {
    throw classifySmtpError(err);
  }
}
