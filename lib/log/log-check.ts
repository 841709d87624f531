// The check run on the app's logs after the end-to-end suite (scripts/log-check.mjs): no line may hold personal data.
import { idBirthDate, idCheckCharacter } from '@/lib/customers/id-number';
import { personalDataShapes } from './scrub';

/** A value known to be personal data (a demo customer's name, ID number, mobile...), and what to call it in a report. */
export type KnownValue = { kind: string; value: string };
export type Finding = { line: number; kind: string };
export type LogCheck = { lines: number; structured: number; findings: Finding[] };

const SHAPES = personalDataShapes('word');

/** An 18-character number with a real date of birth at positions 7-14 and the right GB 11643 check character. */
export function isValidIdNumber(candidate: string): boolean {
  const id = candidate.toUpperCase();
  return /^\d{17}[\dX]$/.test(id) && idBirthDate(id) !== null && idCheckCharacter(id.slice(0, 17)) === id[17];
}

/** The line as written, and as it reads once JSON (\u escapes) or URL (%-escapes) encoding is undone. */
function readings(line: string): string[] {
  const out = [line];
  if (line.includes('\\u')) {
    try {
      out.push(JSON.stringify(JSON.parse(line)));
    } catch {
      /* not a JSON line */
    }
  }
  if (line.includes('%')) {
    try {
      out.push(decodeURIComponent(line));
    } catch {
      /* a lone % */
    }
  }
  return out;
}

/** What kinds of personal data `line` holds: the known values, then by shape (a valid ID number, a mobile, an e-mail). */
export function personalDataIn(line: string, known: readonly KnownValue[]): string[] {
  const kinds = new Set<string>();
  for (const text of readings(line)) {
    for (const { kind, value } of known) if (value && text.includes(value)) kinds.add(kind);
    for (const m of text.matchAll(SHAPES.idNumber)) if (isValidIdNumber(m[0])) kinds.add('ID number');
    if (text.match(SHAPES.mobile)) kinds.add('mobile number');
    if (text.match(SHAPES.email)) kinds.add('e-mail address');
  }
  return [...kinds];
}

/** Every line of a log checked: how many there were, how many were JSON, and where personal data was found. */
export function checkLogText(text: string, known: readonly KnownValue[]): LogCheck {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const findings: Finding[] = [];
  let structured = 0;
  lines.forEach((line, i) => {
    if (line.startsWith('{')) structured++;
    for (const kind of personalDataIn(line, known)) findings.push({ line: i + 1, kind });
  });
  return { lines: lines.length, structured, findings };
}

/** The report for one log file (never quoting what was found), and whether it passes. A missing or empty log fails: a check of nothing proves nothing. */
export function reportLog(file: string, text: string | null, known: readonly KnownValue[]): { ok: boolean; report: string[] } {
  if (text === null) return { ok: false, report: [`${file}: missing (the app's output was not captured)`] };
  if (text.trim() === '') return { ok: false, report: [`${file}: empty (the app's output was not captured)`] };
  const result = checkLogText(text, known);
  const head = `${file}: ${result.lines} line(s) checked, ${result.structured} of them JSON`;
  if (result.findings.length === 0) return { ok: true, report: [`${head}; no personal data found`] };
  return {
    ok: false,
    report: [`${head}; personal data found on ${new Set(result.findings.map((f) => f.line)).size} line(s):`, ...result.findings.map((f) => `  line ${f.line}: ${f.kind}`)],
  };
}
