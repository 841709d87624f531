/**
 * Text PostgreSQL cannot store: a NUL character (text columns refuse it) or a lone UTF-16 surrogate (jsonb refuses it,
 * and text turns it into U+FFFD behind the writer's back). A client controls both in a form or an action's arguments.
 */
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && s.isWellFormed();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The paths (zod's, joined with dots) of strings and keys in parsed input that the database could not store. */
export function unstorableTextPaths(value: unknown, path: (string | number)[] = []): string[] {
  const here = () => path.join('.') || '_form';
  if (typeof value === 'string') return isStorableText(value) ? [] : [here()];
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableTextPaths(v, [...path, i]));
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => (isStorableText(k) ? unstorableTextPaths(v, [...path, k]) : [[...path, k].join('.')]));
}

/** The same value with every such character replaced by U+FFFD: for records that must be written whatever was sent. */
export function storableCopy<T>(value: T): T {
  const clean = (s: string) => s.replaceAll('\u0000', '\ufffd').toWellFormed();
  if (typeof value === 'string') return clean(value) as T;
  if (Array.isArray(value)) return value.map((v) => storableCopy(v)) as T;
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), storableCopy(v)])) as T;
}
