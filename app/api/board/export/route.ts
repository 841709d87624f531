import { guardRoute } from '@/lib/auth/route-guard';
import { boardList, listPeriod, narrowerPeriod } from '@/lib/board/lists';
import { today } from '@/lib/board/tiles';
import { EXPORT_FORMATS, exportTable, type ExportFormat } from '@/lib/export/table';
import { viewerWords } from '@/lib/export/translator';

export const dynamic = 'force-dynamic';

/**
 * A board list as CSV or XLSX (`list`, `format`, optionally `from`/`to` Beijing dates for the lists a period narrows),
 * in the viewer's language, at most EXPORT_MAX_ROWS rows: a longer one is refused with the offer of its last day only.
 * Audited (board.export); never cached.
 */
export async function GET(req: Request): Promise<Response> {
  const guard = await guardRoute('/api/board/export');
  if ('response' in guard) return guard.response;
  const params = new URL(req.url).searchParams;
  const list = boardList(params.get('list') ?? '');
  const format = params.get('format') as ExportFormat;
  if (!list || !EXPORT_FORMATS.includes(format)) return new Response('list=<board list>&format=csv|xlsx', { status: 400, headers: { 'Cache-Control': 'no-store' } });
  const day = today().date;
  const period = listPeriod(list, params.get('from'), params.get('to'), day);
  const narrower = narrowerPeriod(list, period, day);
  const { t, has } = viewerWords(req);
  return exportTable(req, guard.user, {
    action: 'board.export',
    entity: 'board_list',
    format,
    filename: `board-${list.key}-${period ? `${period.from}_${period.to}` : day}`,
    sheet: t(`board.lists.${list.key}`),
    columns: list.columns.map((c) => ({ header: t(`board.columns.${c.key}`) })),
    rows: async (limit) =>
      (await list.rows(period, limit)).map((r) => list.columns.map((c) => {
        const v = r[c.key] ?? null;
        return c.values && v !== null && has(`${c.values}.${v}`) ? t(`${c.values}.${v}`) : v;
      })),
    details: { list: list.key, ...(period ?? {}) },
    filteredHref: narrower && `/api/board/export?${new URLSearchParams({ list: list.key, format, ...narrower })}`,
  });
}
