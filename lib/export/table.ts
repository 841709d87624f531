import 'server-only';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { appendAudit } from '@/db/queries/audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import { requestContextFrom } from '@/lib/auth/request-context';
import { exportMaxRows } from '@/lib/config';

/**
 * One way to export any list (导出): CSV (UTF-8 with a byte-order mark, so spreadsheet software reads Chinese) or XLSX
 * (a bold, frozen header row and column widths), never more than EXPORT_MAX_ROWS rows, and every export audited.
 * A list over the limit is refused — audited too — with the offer of a filtered (narrower) export instead.
 */

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type Cell = string | number | null;
/** A column: its header (already in the viewer's language) and, for XLSX, a width in characters (else from the content). */
export type ExportColumn = { header: string; width?: number };

/** A CSV cell: quoted when it holds a separator, a quote or a line break; a leading = + - @ is defused for spreadsheets. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole CSV text: byte-order mark, header, rows, CRLF line ends (as spreadsheet software writes them). */
export function toCsv(columns: readonly ExportColumn[], rows: readonly Cell[][]): string {
  return '\uFEFF' + [columns.map((c) => c.header), ...rows].map((r) => r.map((c) => csvCell(c)).join(',')).join('\r\n') + '\r\n';
}

// A cell's display width: CJK characters take two columns.
const displayWidth = (v: Cell) => [...String(v ?? '')].reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);

/** The column widths for XLSX: as given, else the widest of header and cells plus a margin (12 to 60 characters). */
export function columnWidths(columns: readonly ExportColumn[], rows: readonly Cell[][]): number[] {
  return columns.map((c, i) => c.width ?? Math.min(60, Math.max(10, displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? null))) + 2));
}

/**
 * The XLSX workbook of one sheet. Formula-looking text is written as text (exceljs never evaluates strings). Written
 * row by row with exceljs's streaming writer: a 10,000-row export holds about 20 MB while it is written, not the 110 MB
 * of the whole workbook's object model, so exports fit beside page loads under the app's heap ceiling.
 */
export async function toXlsx(sheet: string, columns: readonly ExportColumn[], rows: readonly Cell[][]): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  // Sheet names: at most 31 characters, none of []:*?/\.
  const ws = workbook.addWorksheet(sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = columnWidths(columns, rows);
  ws.columns = columns.map((c, i) => ({ header: c.header, width: widths[i] }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((c) => c ?? '')).commit();
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Whether fetched rows fit the limit. Callers fetch `limit + 1` rows: one more than the limit means the list is too
 * large, decided without counting the whole list.
 */
export function withinLimit(fetched: number, limit: number): boolean {
  return fetched <= limit;
}

export type ExportSpec = {
  /** The audited action, e.g. 'board.export' (its label: audit.actions.board.export). */
  action: string;
  /** What the audit trail calls the list (entity type), e.g. 'board_list'. */
  entity: string;
  format: ExportFormat;
  /** The file name without extension (ASCII). */
  filename: string;
  sheet: string;
  columns: ExportColumn[];
  /** Fetches at most `limit` rows of the list (asked for one more than the export limit). */
  rows: (limit: number) => Promise<Cell[][]>;
  /** What was exported (list, filters), for the audit trail. */
  details: Record<string, unknown>;
  /** The narrower export to offer when this one is too large (a URL of the same route), if any. */
  filteredHref: string | null;
};

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/**
 * Answers an export request of a user already allowed on the route: the file, or — over the limit — a 422 with the
 * message key, the limit and the filtered export to offer. Both audited (the action ok, or failed: too large).
 */
export async function exportTable(req: Request, user: CurrentUser, spec: ExportSpec): Promise<Response> {
  const limit = exportMaxRows();
  const rows = await spec.rows(limit + 1);
  const ctx = requestContextFrom(req.headers);
  const audit = (outcome: 'ok' | 'failed', details: Record<string, unknown>) =>
    appendAudit({ actorId: user.id, actorRole: user.role, action: spec.action, outcome, entityType: spec.entity, entityId: null, requestId: ctx.requestId, ip: ctx.ip, details: { ...spec.details, format: spec.format, ...details } });
  if (!withinLimit(rows.length, limit)) {
    await audit('failed', { reason: 'too_large', limit });
    return Response.json({ ok: false, message: 'errors.export.tooLarge', values: { limit }, filteredHref: spec.filteredHref }, { status: 422, headers: NO_STORE });
  }
  await audit('ok', { rows: rows.length });
  const body = spec.format === 'csv' ? toCsv(spec.columns, rows) : await toXlsx(spec.sheet, spec.columns, rows);
  const type = spec.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return new Response(body as BodyInit, { headers: { ...NO_STORE, 'Content-Type': type, 'Content-Disposition': `attachment; filename="${spec.filename}.${spec.format}"` } });
}
