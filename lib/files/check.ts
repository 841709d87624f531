import 'server-only';
import { createHash } from 'node:crypto';
import { inspectPdf } from './pdf';
import { sniffType, type FileKind, type SniffedType } from './sniff';

export type UploadCheck =
  | { ok: true; type: SniffedType; sha256: string; size: number }
  | { ok: false; reason: 'empty' | 'tooLarge' | 'wrongType' | 'pdfEncrypted' | 'pdfJavascript' };

/** Accepts bytes only by what they are (magic bytes), never by their name or the browser's stated type. */
export function checkUpload(bytes: Uint8Array, opts: { accept: FileKind[]; maxBytes: number }): UploadCheck {
  const size = bytes.byteLength;
  if (size === 0) return { ok: false, reason: 'empty' };
  // Before any work proportional to the size.
  if (size > opts.maxBytes) return { ok: false, reason: 'tooLarge' };
  const type = sniffType(bytes);
  if (!type || !opts.accept.includes(type.kind)) return { ok: false, reason: 'wrongType' };
  if (type.kind === 'pdf') {
    const pdf = inspectPdf(bytes);
    if (pdf.encrypted) return { ok: false, reason: 'pdfEncrypted' };
    if (pdf.javascript) return { ok: false, reason: 'pdfJavascript' };
  }
  return { ok: true, type, sha256: createHash('sha256').update(bytes).digest('hex'), size };
}

function megabytes(name: string, fallback: number): number {
  const raw = process.env[name];
  const mb = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
  if (!Number.isFinite(mb) || mb <= 0) throw new Error(`${name} must be a positive number of megabytes (got ${JSON.stringify(raw)}).`);
  return Math.floor(mb * 1024 * 1024);
}

export function maxUploadBytes(): number {
  return megabytes('AIR_COUNTER_MAX_UPLOAD_MB', 10);
}

export function maxRecordingBytes(): number {
  return megabytes('AIR_COUNTER_MAX_RECORDING_MB', 50);
}
