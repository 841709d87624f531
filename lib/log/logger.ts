import 'server-only';
import { format } from 'node:util';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { scrub } from './scrub';

/**
 * Keys whose values never reach a log line, at the top of the logged object or nested up to REDACT_DEPTH levels
 * below it: customer and staff personal data (db/schema's sealed columns and the actions' form fields), credentials
 * and secrets, and free text, which may hold any of them. Logs carry action names, request ids and error names/codes.
 */
export const REDACT_KEYS = [
  // Names (customers, guardians, agents, legal representatives, collectors, payees, cards' embossing, staff).
  'name', 'customerName', 'guardianName', 'agentName', 'legalRepName', 'collectorName', 'payeeName', 'embossedName', 'afterName', 'newName', 'nameConfirm', 'newNameConfirm', 'displayName',
  // Identity documents.
  'idNumber', 'newIdNumber', 'newIdNumberConfirm', 'guardianIdNumber', 'agentIdNumber', 'legalRepIdNumber', 'collectorIdNumber', 'documentNumber', 'birthDate', 'newBirthDate',
  // Contact details.
  'mobile', 'mobileConfirm', 'newMobile', 'phone', 'email', 'recipient', 'address', 'registeredAddress',
  // Accounts and cards.
  'accountNumber', 'toAccountNumber', 'cardNumber', 'number',
  // Credentials, one-time codes, keypad digits, secrets and tokens.
  'password', 'newPassword', 'currentPassword', 'passwordHash', 'code', 'otp', 'totp', 'digits', 'confirm', 'secret', 'totpSecret', 'mfaSecret', 'token', 'accessToken', 'refreshToken', 'sessionToken', 'apiKey',
  // Request headers that carry credentials.
  'authorization', 'Authorization', 'cookie', 'Cookie', 'cookies', 'set-cookie', 'Set-Cookie', 'x-api-key',
  // Free text and whole payloads.
  'content', 'note', 'notes', 'memo', 'comment', 'opinion', 'body', 'subject', 'query', 'payload',
] as const;

/** How many levels below the logged object a listed key is still found (`{ input: { customer: { mobile } } }` is 2). */
export const REDACT_DEPTH = 3;

const segment = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`);
const join = (prefix: string, key: string) => (segment(key).startsWith('[') ? `${prefix}${segment(key)}` : `${prefix ? `${prefix}.` : ''}${key}`);

/** REDACT_KEYS as pino redaction paths: `mobile`, `*.mobile`, `*.*.mobile`, ... */
export const REDACT_PATHS: string[] = REDACT_KEYS.flatMap((key) =>
  Array.from({ length: REDACT_DEPTH + 1 }, (_, depth) => join(Array(depth).fill('*').join('.'), key)),
);

export const REDACTED = '[redacted]';

/**
 * An error as a log line may show it: its class, code and scrubbed message and stack, never its other fields (a
 * database error carries the query's parameters). The code goes out as `errorCode`: `code` is a one-time code's key.
 */
function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) return typeof value === 'string' ? scrub(value) : value;
  const code = (value as { code?: unknown }).code;
  return {
    type: value.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { errorCode: code } : {}),
    message: scrub(value.message),
    ...(value.stack ? { stack: scrub(value.stack) } : {}),
  };
}

function level(): string {
  const wanted = (process.env.LOG_LEVEL ?? '').trim().toLowerCase();
  return wanted === 'silent' || wanted in pino.levels.values ? wanted : 'info';
}

export function loggerOptions(): LoggerOptions {
  return {
    level: level(),
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { err: serializeError, error: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      // The message is built here (pino would interpolate later) so that what is masked is what is written.
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        if (typeof first === 'string') return method.call(this, rest.length ? scrub(format(first, ...rest)) : scrub(first));
        if (first instanceof Error && rest.length === 0) return method.call(this, first, scrub(first.message));
        if (typeof rest[0] === 'string') return method.call(this, first as object, scrub(format(...rest)));
        return method.apply(this, args);
      },
    },
  };
}

/**
 * A logger writing one JSON object a line to `destination` (stdout by default). Plain pino, no transport: a
 * transport runs in a worker thread, which the server bundle does not carry.
 */
export function createLogger(destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(), destination) : pino(loggerOptions());
}

/** The process's logger (the app server and the worker). LOG_LEVEL: trace, debug, info (default), warn, error, fatal or silent. */
export const logger = createLogger();

/** A logger for one request or job: every line it writes carries `requestId` (and the other bindings given). */
export function childLogger(bindings: { requestId: string; [key: string]: unknown }, parent: Logger = logger): Logger {
  return parent.child(bindings);
}
