import 'server-only';

/** True when a unique index (optionally a named one) refused the write: the database's word on duplicates. */
export function violatesUnique(err: unknown, constraint?: string): boolean {
  const cause = (err as { cause?: { code?: string; constraint_name?: string } } | null)?.cause;
  return cause?.code === '23505' && (constraint === undefined || cause.constraint_name === constraint);
}
