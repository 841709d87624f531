import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { idCheckCharacter } from '@/lib/customers/id-number';
import { childLogger, createLogger, REDACT_KEYS, REDACTED } from './logger';

/** A logger writing into an array, and the lines it wrote. */
function capture() {
  const chunks: string[] = [];
  const log = createLogger({ write: (s: string) => void chunks.push(s) });
  const lines = () => chunks.join('').split('\n').filter(Boolean);
  return { log, lines, parsed: () => lines().map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const at = (value: unknown, path: (string | number)[]): unknown =>
  path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], value);

afterEach(() => {
  delete process.env.LOG_LEVEL;
});

describe('redaction by key', () => {
  // Each listed key at the top, nested one, two and three levels down, and inside an array.
  const shapes: { wrap: (key: string, value: string) => Record<string, unknown>; path: (key: string) => (string | number)[] }[] = [
    { wrap: (k, v) => ({ [k]: v }), path: (k) => [k] },
    { wrap: (k, v) => ({ input: { [k]: v } }), path: (k) => ['input', k] },
    { wrap: (k, v) => ({ input: { customer: { [k]: v } } }), path: (k) => ['input', 'customer', k] },
    { wrap: (k, v) => ({ req: { headers: { raw: { [k]: v } } } }), path: (k) => ['req', 'headers', 'raw', k] },
    { wrap: (k, v) => ({ list: [{ [k]: v }] }), path: (k) => ['list', 0, k] },
  ];

  it.each([...REDACT_KEYS])('never writes the value of %s', (key) => {
    const { log, lines, parsed } = capture();
    const secret = `value-of-${key}-7f3a`;
    for (const shape of shapes) log.info({ action: 'customer.update', ...shape.wrap(key, secret) }, 'done');
    expect(lines()).toHaveLength(shapes.length);
    for (const line of lines()) expect(line).not.toContain(secret);
    parsed().forEach((entry, i) => {
      expect(at(entry, shapes[i]!.path(key))).toBe(REDACTED);
      // What is not personal data is left alone.
      expect(entry.action).toBe('customer.update');
    });
  });

  it('lists the personal data and secrets the app handles', () => {
    const required = ['name', 'customerName', 'idNumber', 'guardianIdNumber', 'mobile', 'phone', 'email', 'address', 'birthDate', 'password', 'otp', 'code', 'digits', 'secret', 'token', 'cookie', 'set-cookie', 'authorization', 'accountNumber', 'cardNumber', 'number', 'content', 'note', 'notes', 'memo', 'payload', 'query'];
    expect(REDACT_KEYS).toEqual(expect.arrayContaining(required));
  });

  it('redacts a child logger binding too', () => {
    const { log, parsed } = capture();
    childLogger({ requestId: 'req-1', mobile: '13800138000' }, log).info('bound');
    expect(parsed()[0]).toMatchObject({ requestId: 'req-1', mobile: REDACTED, msg: 'bound' });
  });

  it('keeps keys that are not on the list', () => {
    const { log, parsed } = capture();
    log.info({ action: 'case.submit', caseId: '5b0c6a55-1c1f-4e55-9d5a-6a3c1d2e7f10', errorName: 'TypeError' }, 'x');
    expect(parsed()[0]).toMatchObject({ action: 'case.submit', caseId: '5b0c6a55-1c1f-4e55-9d5a-6a3c1d2e7f10', errorName: 'TypeError' });
  });
});

describe('masking inside messages', () => {
  const cases: [string, string, string][] = [
    ['a resident ID number', '11010519491231002X', '[redacted:id-number]'],
    ['an ID number with a lower-case x', '11010519491231002x', '[redacted:id-number]'],
    ['an all-digit ID number', '440308199001012215', '[redacted:id-number]'],
    ['a mobile', '13800138000', '[redacted:mobile]'],
    ['a mobile with +86', '+8613912345678', '[redacted:mobile]'],
    ['a mobile written 3-4-4', '139 1234 5678', '[redacted:mobile]'],
    ['a 16-digit card number', '6222021234567890', '[redacted:card-number]'],
    ['a 19-digit card number', '6222021234567890123', '[redacted:card-number]'],
    ['a card number in groups', '6222 0212 3456 7890', '[redacted:card-number]'],
    ['a 17-digit account number', '62280012345678901', '[redacted:card-number]'],
    ['an e-mail address', 'zhang.san+bank@example.com.cn', '[redacted:email]'],
  ];

  it.each(cases)('masks %s in the message', (_, value, mask) => {
    const { log, lines, parsed } = capture();
    log.warn(`lookup for ${value} failed`);
    expect(lines()[0]).not.toContain(value);
    expect(parsed()[0]!.msg).toBe(`lookup for ${mask} failed`);
  });

  it.each(cases)('masks %s passed as an interpolation argument or inside an error', (_, value, mask) => {
    const { log, lines, parsed } = capture();
    log.error({ action: 'x' }, 'no customer %s', value);
    const err = Object.assign(new Error(`duplicate key ${value}`), { code: '23505', detail: `Key (mobile)=(${value}) exists`, parameters: [value] });
    log.error({ err }, 'insert failed');
    log.error(err);
    for (const line of lines()) expect(line).not.toContain(value);
    const [first, second, third] = parsed();
    expect(first!.msg).toBe(`no customer ${mask}`);
    expect(second!.err).toMatchObject({ type: 'Error', errorCode: '23505', message: `duplicate key ${mask}` });
    // Only class, code, message and stack of an error are written: never a database error's detail or parameters.
    expect(Object.keys(second!.err as object).sort()).toEqual(['errorCode', 'message', 'stack', 'type']);
    expect(third!.msg).toBe(`duplicate key ${mask}`);
  });

  it('masks every valid ID number and mobile, wherever it sits in the message', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const idNumber = fc.tuple(digits(6), fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }), digits(3)).map(([region, born, seq]) => {
      const body = `${region}${born.toISOString().slice(0, 10).replaceAll('-', '')}${seq}`;
      return body + idCheckCharacter(body);
    });
    const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([second, rest]) => `1${second}${rest}`);
    const around = fc.string({ unit: fc.constantFrom('a', ' ', ':', '客', '户', '-', '(', ')'), maxLength: 6 });
    fc.assert(
      fc.property(around, fc.oneof(idNumber, mobile), around, (before, value, after) => {
        const { log, lines } = capture();
        log.info(`${before}${value}${after}`);
        return !lines()[0]!.includes(value);
      }),
    );
  });

  it('leaves ids, times and short numbers readable', () => {
    const { log, parsed } = capture();
    const msg = 'case 5b0c6a55-1c1f-4e55-9d5a-6a3c1d2e7f10 took 1375 ms at 2025-03-01T10:00:00Z, 3 retries, SQLSTATE 23505';
    log.info(msg);
    // Digits glued to letters are masked all the same (customerA13800138000): masking errs on the side of privacy.
    log.info('key customerA13800138000');
    expect(parsed().map((e) => e.msg)).toEqual([msg, 'key customerA[redacted:mobile]']);
  });
});

describe('line shape and level', () => {
  it('writes one JSON line with level, time, msg and the request id', () => {
    const chunks: string[] = [];
    const log = createLogger({ write: (s: string) => void chunks.push(s) });
    childLogger({ requestId: 'f0e1d2c3', action: 'session.start' }, log).info('session started');
    const out = chunks.join('');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    const entry = JSON.parse(out);
    expect(entry).toMatchObject({ level: 'info', msg: 'session started', requestId: 'f0e1d2c3', action: 'session.start' });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
  });

  it('takes the level from LOG_LEVEL, silent included', () => {
    process.env.LOG_LEVEL = 'silent';
    const silent = capture();
    silent.log.error('not written');
    expect(silent.lines()).toEqual([]);

    process.env.LOG_LEVEL = 'debug';
    const verbose = capture();
    verbose.log.debug('written');
    expect(verbose.parsed()[0]).toMatchObject({ level: 'debug', msg: 'written' });

    // Unset or unknown: info.
    process.env.LOG_LEVEL = 'chatty';
    const fallback = capture();
    fallback.log.debug('dropped');
    fallback.log.info('kept');
    expect(fallback.parsed().map((e) => e.msg)).toEqual(['kept']);
  });
});
