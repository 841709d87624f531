import fc from 'fast-check';
import { BUSINESS_TYPES } from '@/lib/cases/approval-policy';
import { BRANCHES } from '@/lib/cards/schemas';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_SEVERITIES } from '@/lib/complaints/lifecycle';
import { DOCUMENT_TYPES } from '@/lib/customers/documents/types';
import { INDUSTRIES, NATIONALITY_CODES, OCCUPATIONS } from '@/lib/customers/profile';
import { ROLES } from '@/lib/auth/roles';
import { RISK_LEVELS } from '@/lib/customers/risk';
import { DOCUMENT_KINDS, REJECTION_REASONS } from '@/lib/documents/checklist';
import { KB_KINDS } from '@/lib/kb/schemas';
import { BUSINESSES, POLICY_STEPS } from '@/lib/sessions/ladder';
import { SATISFACTION_CHOICES, SESSION_OUTCOMES } from '@/lib/sessions/schemas';

/**
 * Generated inputs for the fuzz suite (fuzz.test.ts): a payload starts from the action's field names with plausible
 * values and mutates them into wrong types, huge and hostile strings, odd numbers, junk objects and other people's ids.
 */

/** What the database and the fixtures give the generators: real ids (own and other people's) and valid files. */
export type FuzzContext = {
  /** Ids of real rows: other tellers' sessions, cases, customers... and the fuzzing users' own (so some inputs go deep). */
  realIds: string[];
  idNumbers: string[];
  /** Valid unified social credit codes (an enterprise's). */
  creditCodes: string[];
  mobiles: string[];
  names: string[];
  accountNumbers: string[];
  cardNumbers: string[];
  /** A real PNG and a real WAV: uploads that pass the file checks reach the domain. */
  files: { png: Uint8Array; wav: Uint8Array };
};

/** A field's value, or the value of another field of the same payload (a second entry that repeats the first). */
export type Copy = { copyOf: string };
export type Entry = [key: string, value: unknown];
export type Payload = { shape: 'object' | 'form'; entries: Entry[] } | { shape: 'raw'; value: unknown };

// Characters that break naive code: NUL, lone surrogates, bidi and zero-width marks, combining marks, astral
// characters and emoji sequences, full-width digits, line separators, quotes, markup and template syntax.
export const NASTY = [
  '\u0000', '\ud800', '\udfff', '\udbff\udfff', '\u200f', '\u202e', '\u200b', '\u200d', '\ufeff', '\u0301', 'e\u0301', '\u0085',
  '👩‍👩‍👧‍👦', '🏦', '𠮷', '１２３', '\u3000', '\u2028', '\r\n', '\t', '名', "'", '"', '\\', '%', '%00', '<script>alert(1)</script>',
  '${7*7}', '{{7*7}}', '../../etc/passwd', '\uffff', '\ufffe', ' ', 'NaN', '-0', 'null', 'a', '1', '-', '.',
];
const nastyUnit = fc.constantFrom(...NASTY);
export const nastyString = fc.string({ unit: nastyUnit, maxLength: 12 });

// What an HTTP header value can carry (no NUL, CR or LF; bytes up to 0xFF), hostile where it can be.
export const headerValue = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '9', '-', '_', ' ', '"', "'", ';', ',', '=', '%', '*', '/', '\t', '\u00e9', '\u00ff', '\u0080', '\\'), maxLength: 70 });

// 100,000 characters each (UTF-16 code units), made once.
const N = 100_000;
export const HUGE = ['a'.repeat(N), '名'.repeat(N), '9'.repeat(N), '\u0000'.repeat(N), '🏦'.repeat(N / 2), '\u0301'.repeat(N), '\ud800'.repeat(N), '\u202e'.repeat(N), `${'a'.repeat(N - 1)}\u0000`];
export const hugeString = fc.constantFrom(...HUGE);

export const oddNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, 2 ** 31, -(2 ** 31), 2 ** 53 + 2, 2 ** 63, Number.MAX_VALUE),
  fc.integer(),
  fc.double(),
);

// Values a client can make a server action receive (React's action encoding carries these types).
const anythingJunk = fc.anything({ maxDepth: 3, maxKeys: 5, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, stringUnit: nastyUnit });

// Objects with keys that pollute naive merges, or break String() and template literals.
const hostileObject = fc.constantFrom<() => unknown>(
  () => JSON.parse('{"__proto__": {"polluted": "yes", "isAdmin": true}}'),
  () => JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  () => JSON.parse('{"toString": "x", "valueOf": "y"}'),
  () => ({ length: 1e9 }),
  () => [[[[[[[[[[[]]]]]]]]]]],
  () => new Array(100_000).fill('x'),
  () => new Date(NaN),
  () => new Date(8.64e15),
).map((make) => make());

const MAGIC = [
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [0xff, 0xd8, 0xff, 0xe0],
  [0x25, 0x50, 0x44, 0x46, 0x2d],
  [0x52, 0x49, 0x46, 0x46, 0x24, 0x00, 0x00, 0x00, 0x57, 0x41, 0x56, 0x45],
  [0x1a, 0x45, 0xdf, 0xa3],
  [],
];

export function fileArb(ctx: FuzzContext): fc.Arbitrary<File> {
  const bytes = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 512 })).map(([m, rest]) => new Uint8Array([...m, ...rest])) },
    // A real file, whole or cut short, or with junk after it.
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(ctx.files.png, ctx.files.wav), fc.nat(), fc.boolean()).map(([f, cut, whole]) => (whole ? f : f.slice(0, cut % f.length))) },
    { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
  );
  const name = fc.oneof(fc.constantFrom('a.png', 'call.wav', 'scan.pdf', '', '../../etc/passwd', 'a'.repeat(300)), nastyString);
  const type = fc.constantFrom('', 'image/png', 'image/jpeg', 'audio/wav', 'video/webm', 'application/pdf', 'text/html', 'application/x-msdownload');
  return fc.tuple(bytes, name, type).map(([b, n, t]) => new File([Buffer.from(b)], n, { type: t }));
}

/** A real id spoiled: case, braces, no dashes, padding, NUL, truncation, a non-hex digit, injection, full-width. */
function spoiledId(ctx: FuzzContext): fc.Arbitrary<string> {
  const spoil = fc.constantFrom<(id: string) => string>(
    (id) => id.toUpperCase(),
    (id) => `{${id}}`,
    (id) => id.replaceAll('-', ''),
    (id) => ` ${id} `,
    (id) => `${id}\u0000`,
    (id) => `${id}\n`,
    (id) => id.slice(0, 35),
    (id) => `${id}0`,
    (id) => `g${id.slice(1)}`,
    (id) => `${id}' OR '1'='1`,
    (id) => `${id},${id}`,
    (id) => id.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))),
  );
  return fc.tuple(fc.constantFrom(...ctx.realIds), spoil).map(([id, f]) => f(id));
}

export function idArb(ctx: FuzzContext): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ctx.realIds) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: spoiledId(ctx) },
    { weight: 1, arbitrary: fc.constantFrom('', 'null', 'undefined', '0', '-1', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', "' OR 1=1 --") },
  );
}

// Values the schemas' enums and flags take, gathered from the domain's lists: a field gets one that may be right.
export const TOKENS: string[] = [
  ...new Set([
    'approve', 'reject', 'return', 'approved', 'rejected', 'accept', 'claim', 'release', 'on', 'yes', 'no', 'na', 'true', 'false', 'all', 'one',
    'phone', 'video', 'chat', 'current', 'savings', 'mail', 'branch', 'lost', 'freeze', 'close', 'old', 'new', 'idNumber', 'mobile', 'email',
    'holiday', 'workday', 'helpful', 'outdated', 'percent', 'count', 'submit', 'draft', 'verified', 'reopened', 'reinspect', 'accepted', 'partial',
    'none', 'male', 'female', 'zh-CN', 'en', 'teller', 'supervisor', 'qc', 'admin', 'resident_id', 'passport', 'credit_code', '',
    ...BUSINESS_TYPES, ...BRANCHES, ...COMPLAINT_CATEGORIES, ...COMPLAINT_CHANNELS, ...COMPLAINT_SEVERITIES, ...DOCUMENT_TYPES, ...INDUSTRIES,
    ...OCCUPATIONS, ...RISK_LEVELS, ...DOCUMENT_KINDS, ...REJECTION_REASONS, ...KB_KINDS, ...SATISFACTION_CHOICES, ...SESSION_OUTCOMES,
  ]),
];
const token = fc.constantFrom(...TOKENS);

const FLAGS = ['on', 'yes', 'no', 'true', 'false'];
// The values the forms' choice fields take, by field name (lower case): a field of a new form falls back to TOKENS.
const CHOICES: Record<string, readonly string[]> = {
  accountkind: ['current', 'savings'],
  branch: BRANCHES,
  category: COMPLAINT_CATEGORIES,
  channel: ['phone', 'video', 'chat', ...COMPLAINT_CHANNELS],
  claim: ['claim', 'release'],
  decision: ['approve', 'reject', 'return', 'approved', 'rejected', 'accept'],
  delivery: ['mail', 'branch'],
  documenttype: [...DOCUMENT_TYPES, 'credit_code'],
  legalrepdocumenttype: DOCUMENT_TYPES,
  field: ['idNumber', 'mobile', 'email'],
  industry: INDUSTRIES,
  kind: [...DOCUMENT_KINDS, ...KB_KINDS, 'lost', 'freeze', 'close', 'holiday', 'workday', 'helpful', 'outdated'],
  level: [...RISK_LEVELS, 'none'],
  nationality: NATIONALITY_CODES,
  occupation: OCCUPATIONS,
  outcome: [...SESSION_OUTCOMES, 'verified', 'reopened', 'reinspect'],
  ratekind: ['percent', 'count'],
  resolution: ['accepted', 'partial', 'rejected'],
  role: ROLES,
  scope: ['all', 'one'],
  severity: COMPLAINT_SEVERITIES,
  side: ['old', 'new'],
  intent: ['submit', 'draft'],
  gender: ['male', 'female', ''],
  reasoncode: REJECTION_REASONS,
  active: FLAGS,
  reviewed: FLAGS,
  confirmed: FLAGS,
  upheld: FLAGS,
  longterm: FLAGS,
  tellcustomer: FLAGS,
};

const TEXT = ['复核后保持不变', '客户要求下周回电', '已电话回访客户本人，确认为输入错误', '核对客户投诉材料', 'ok', '好', '## 标题\n\n正文 **加粗** [链接](javascript:alert(1))'];
// Days from today too: review and deadline dates must lie ahead, and not too far.
const ahead = (days: number) => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
const DATES = [ahead(1), ahead(30), ahead(90), ahead(400), ahead(-1), '2035-10-01', '2019-01-01', '1979-05-15', '2034-06-30', '2000-02-29', '2023-02-29', '1900-01-01', '9999-12-31', '2035-13-01', '2021-01-06'];
const SMALL_NUMBERS = ['0', '1', '4', '5', '10', '15', '20', '30', '100', '240', '50000', '-1', '1.5', '1e3', '0x10', ' 7 ', '１０'];
const DEFINITION = JSON.stringify({ sections: [{ key: 'main', title: '服务规范', items: [{ key: 'greeting', title: '规范问候', weight: 100, scale: { kind: 'yes_no' } }] }] });

/**
 * The values worth trying for a field of this name, when a short list says it: the form's choices, numbers, dates,
 * texts. Empty where a generator does better (ids, keys, files, usernames) or nothing is known.
 */
export function candidates(field: string, ctx: FuzzContext): readonly unknown[] {
  const f = field.toLowerCase();
  if ((f.endsWith('confirm') && f !== 'confirm') || f === 'idempotencykey' || f === 'file' || f === 'username') return [];
  if (CHOICES[f]) return CHOICES[f];
  if (/(^|_|\.)(s|m)_/.test(field) || f.endsWith('id') || f.endsWith('ids') || f.endsWith('kind')) return [];
  if (f.includes('idnumber') || f === 'creditcode') return [...ctx.idNumbers, ...ctx.creditCodes];
  if (f.includes('mobile')) return [...ctx.mobiles, '13700001111', '12345678901'];
  if (f.includes('accountnumber') || f === 'cardnumber') return [...ctx.accountNumbers, ...ctx.cardNumbers];
  if (f === 'month') return ['2019-01', '2019-02', '2024-13', '1970-01'];
  if (/date|expiry|by$|at$|period|^date$/.test(f)) return DATES;
  if (/amount|limit|yuan|days|minutes|weeks|rate|value|sla|seconds|satisfaction|version|basedon|volume|quality|efficiency|compliance|weight|level\d/.test(f)) return SMALL_NUMBERS;
  if (f === 'digits' || f === 'code' || f === 'confirm') return ['000000', '246810', '135790', '123456', '12345'];
  if (f === 'password') return ['Welcome-2024', 'Another-2468', 'short1', 'onlyletters'];
  if (f === 'definition') return [DEFINITION, '{"sections": []}', '{"sections": [', 'null'];
  if (f === 'name' || f.endsWith('name') || f === 'query') return [...ctx.names, '测试客户', '上海测试贸易有限公司'];
  if (/note|reason|opinion|content|explanation|response|body|title|cause|taken|comment|address|scope/.test(f)) return TEXT;
  return [];
}

/**
 * A value that may be right for a field of this name: the shape a form would post. `learned` are the values the
 * action's schema accepted for it when asked (see fuzz-fixture.ts), preferred when known.
 */
export function plausible(field: string, ctx: FuzzContext, learned?: readonly unknown[]): fc.Arbitrary<unknown> {
  const f = field.toLowerCase();
  if (f.endsWith('confirm') && f !== 'confirm') return fc.constant<Copy>({ copyOf: field.slice(0, -'confirm'.length) });
  if (f === 'idempotencykey') return fc.uuid();
  if (f === 'file') return fileArb(ctx);
  if (f === 'username') return fc.stringMatching(/^[a-z][a-z0-9._]{3,20}$/);
  if (/(^|_|\.)(s|m)_/.test(field) || f.endsWith('id') || f.endsWith('ids')) return idArb(ctx);
  const listed = candidates(field, ctx);
  const base = listed.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...listed) }, { weight: 1, arbitrary: token }) : token;
  return learned?.length ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...learned) }, { weight: 1, arbitrary: base }) : base;
}

/** Any value of any type, hostile on purpose. */
export function junk(ctx: FuzzContext): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: hugeString },
    { weight: 2, arbitrary: oddNumber },
    { weight: 1, arbitrary: fc.constantFrom(true, false, null, undefined) },
    { weight: 1, arbitrary: fc.bigInt() },
    { weight: 2, arbitrary: anythingJunk },
    { weight: 1, arbitrary: hostileObject },
    { weight: 1, arbitrary: idArb(ctx) },
    { weight: 1, arbitrary: fileArb(ctx) },
  );
}

/** Junk a multipart form can carry: text (hostile, huge, numbers written out, JSON) or a file. */
export function formJunk(ctx: FuzzContext): fc.Arbitrary<string | File> {
  return fc.oneof(
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: hugeString },
    { weight: 2, arbitrary: oddNumber.map(String) },
    { weight: 1, arbitrary: anythingJunk.map((v) => safeJson(v)) },
    { weight: 1, arbitrary: idArb(ctx) },
    { weight: 2, arbitrary: fileArb(ctx) },
  );
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return String(typeof v);
  }
}

// Keys a payload may carry besides the action's own: optional fields of other forms, prototype keys, Next's hidden
// action fields, the dynamic keys of scorecards, calibration choices, ladder cells and policies, and junk.
const EXTRA_KEYS = [
  'reason', 'note', 'opinion', 'reasonCode', 'trackingNumber', 'branch', 'replacesId', 'confirm', 'tellCustomer', 'compensationYuan', 'receivedAt',
  'handlerId', 'channels', 'businesses', 'comment', 'intent', 'email', 'address', 'occupation', 'kind', 'longTerm', 'documentExpiry', 'birthDate',
  'gender', 'nationality', 'documentType', 'active', 'version', 'articleId', 'baseVersion', 'templateId',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '$ACTION_ID_0123456789abcdef', '$ACTION_REF_1', '$ACTION_1:0',
  'r_greeting', 'c_greeting', 'd_greeting', 'r_data_accuracy', 'o_greeting', 'p_greeting', 'bt_limit_change', 'default.acknowledgeDays',
  ...BUSINESSES.map((b) => `${b}.high.${POLICY_STEPS[2]}`),
];

function keyArb(ctx: FuzzContext): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...EXTRA_KEYS) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('s_', 'm_', 'r_', 'c_', 'd_', 'bt_'), fc.oneof(fc.constantFrom(...ctx.realIds), nastyString)).map(([p, k]) => p + k) },
    { weight: 2, arbitrary: nastyString },
    { weight: 1, arbitrary: fc.constantFrom('a'.repeat(10_000), 'r_' + '\u0000'.repeat(100), 's_\ud800') },
  );
}

/**
 * A payload for an action with these fields: each kept plausible (sometimes spoiled at one end), replaced by junk or
 * left out, plus a few extra keys; as a plain object or as a form; now and then not an object at all.
 */
export function payloadArb(fields: string[], ctx: FuzzContext, opts: { formOnly?: boolean; learned?: Record<string, unknown[]> } = {}): fc.Arbitrary<Payload> {
  const fieldValue = (field: string, form: boolean): fc.Arbitrary<unknown> => {
    const base = plausible(field, ctx, opts.learned?.[field]);
    const bad = form ? formJunk(ctx) : junk(ctx);
    const spoiled = fc.tuple(base, nastyString, fc.boolean()).map(([v, s, front]) => (typeof v === 'string' ? (front ? s + v : v + s) : v));
    return fc.oneof({ weight: 6, arbitrary: base }, { weight: 1, arbitrary: spoiled }, { weight: 3, arbitrary: bad }, { weight: 1, arbitrary: fc.constant(OMIT) });
  };
  // Each field mixed independently (wide), or every field plausible but one or two (deep: most such cases pass the
  // schema, or fail it on the one field, so the domain and each field's rule both get their share).
  const fieldsArb = (form: boolean): fc.Arbitrary<Entry[]> => {
    if (!fields.length) return fc.constant([]);
    const wide = fc.tuple(...fields.map((k) => fieldValue(k, form).map((v): Entry => [k, v])));
    const deep = fc
      .tuple(fc.tuple(...fields.map((k) => plausible(k, ctx, opts.learned?.[k]))), fc.oneof(fc.constant<number[]>([]), fc.uniqueArray(fc.nat(fields.length - 1), { minLength: 1, maxLength: 2 })), fc.array(fc.oneof({ weight: 3, arbitrary: form ? formJunk(ctx) : junk(ctx) }, { weight: 1, arbitrary: fc.constant<unknown>(OMIT) }), { minLength: 2, maxLength: 2 }))
      .map(([values, spoilt, bad]) => fields.map((k, i): Entry => [k, spoilt.includes(i) ? bad[spoilt.indexOf(i)] : values[i]]));
    return fc.oneof({ weight: 1, arbitrary: wide }, { weight: 2, arbitrary: deep });
  };
  const shaped = (form: boolean): fc.Arbitrary<Payload> =>
    fc
      .tuple(fieldsArb(form), fc.array(fc.tuple(keyArb(ctx), fc.oneof(plausible('note', ctx), form ? formJunk(ctx) : junk(ctx))), { maxLength: 3 }))
      .map(([own, extra]) => ({ shape: form ? 'form' : 'object', entries: [...own, ...(extra as Entry[])].filter(([, v]) => v !== OMIT) }));
  if (opts.formOnly) return shaped(true);
  return fc.oneof(
    { weight: 9, arbitrary: shaped(false) },
    { weight: 9, arbitrary: shaped(true) },
    { weight: 1, arbitrary: fc.oneof(junk(ctx), fc.constantFrom<() => unknown>(() => new FormData(), () => new Map([['sessionId', ctx.realIds[0]]]), () => [ctx.realIds[0]]).map((f) => f())).map((value): Payload => ({ shape: 'raw', value })) },
  );
}

const OMIT = Symbol('omit');

/** The payload as the action receives it. Copies resolve to the field they repeat. */
export function materialize(p: Payload): unknown {
  if (p.shape === 'raw') return p.value;
  const values = new Map(p.entries);
  const resolve = (v: unknown): unknown => (isCopy(v) ? (values.has(v.copyOf) && !isCopy(values.get(v.copyOf)) ? values.get(v.copyOf) : '') : v);
  if (p.shape === 'object') return Object.fromEntries(p.entries.map(([k, v]) => [k, resolve(v)]));
  const form = new FormData();
  for (const [k, raw] of p.entries) {
    const v = resolve(raw);
    form.append(k, v instanceof Blob ? v : typeof v === 'string' ? v : safeJson(v));
  }
  return form;
}

function isCopy(v: unknown): v is Copy {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && Object.keys(v).length === 1 && typeof (v as Copy).copyOf === 'string';
}

/** A short, printable description of a payload for a failure message (huge strings abbreviated). */
export function describePayload(p: Payload): string {
  const show = (v: unknown): string => {
    if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v);
    if (v instanceof File) return `File(${JSON.stringify(v.name.slice(0, 40))}, ${v.type || 'no type'}, ${v.size} bytes)`;
    if (typeof v === 'bigint') return `${v}n`;
    try {
      const text = fc.stringify(v);
      return text.length > 200 ? `${text.slice(0, 200)}…` : text;
    } catch {
      return typeof v;
    }
  };
  if (p.shape === 'raw') return `raw ${show(p.value)}`;
  return `${p.shape} {${p.entries.map(([k, v]) => `${show(k)}: ${show(v)}`).join(', ')}}`;
}
