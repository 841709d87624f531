import { createTranslator } from 'use-intl/core';
import en from '@/messages/en.json';
import zh from '@/messages/zh-CN.json';
import { DEFAULT_LOCALE, isLocale } from '@/i18n/locales';
import { appendAudit } from '@/db/queries/audit';
import { requestContextFrom } from '@/lib/auth/request-context';
import { guardRoute } from '@/lib/auth/route-guard';
import { csvCell, MONTH, qualityByTeller, type QualityFigures } from '@/lib/qc/reports';

export const dynamic = 'force-dynamic';

/**
 * The month's quality per teller as CSV (UTF-8 with a byte-order mark, so spreadsheet software reads the Chinese
 * names), in the viewer's language; the team's row last. Audited; never cached.
 */
export async function GET(req: Request): Promise<Response> {
  const guard = await guardRoute('/api/quality/report');
  if ('response' in guard) return guard.response;
  const month = new URL(req.url).searchParams.get('month') ?? '';
  if (!MONTH.test(month)) return new Response('month=YYYY-MM', { status: 400, headers: { 'Cache-Control': 'no-store' } });
  // The viewer's language, from the same cookie the screens read.
  const stored = /(?:^|;\s*)NEXT_LOCALE=([^;]+)/.exec(req.headers.get('cookie') ?? '')?.[1];
  const locale = isLocale(stored) ? stored : DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: locale === 'en' ? en : zh, namespace: 'qualityReports' });
  const report = await qualityByTeller(month);
  const header = [t('teller'), t('teamColumn'), t('inspections'), t('averageScore'), t('criticalFailures'), t('disputes'), t('disputesUpheld'), t('rectifications'), t('rectificationsOnTime')];
  const figures = (r: QualityFigures) => [r.inspections, r.averageScore, r.criticalFailures, r.disputes, r.disputesUpheld, r.rectifications, r.rectificationsOnTime];
  const rows = [
    ...report.tellers.map((r) => [r.tellerName, r.teamName ?? '', ...figures(r)]),
    ...report.teams.map((r) => [t('teamRow', { team: r.teamName }), r.teamName, ...figures(r)]),
    [t('team'), '', ...figures(report.team)],
  ];
  const csv = '\uFEFF' + [header, ...rows].map((r) => r.map((c) => csvCell(c as string | number | null)).join(',')).join('\r\n') + '\r\n';
  const ctx = requestContextFrom(req.headers);
  await appendAudit({ actorId: guard.user.id, actorRole: guard.user.role, action: 'report.export', outcome: 'ok', entityType: 'quality_report', entityId: null, requestId: ctx.requestId, ip: ctx.ip, details: { month, rows: report.tellers.length } });
  return new Response(csv, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="quality-${month}.csv"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
  });
}
