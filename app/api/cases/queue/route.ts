import { listPendingCases, parseQueueCursor } from '@/db/queries/cases';
import { guardRoute } from '@/lib/auth/route-guard';
import { BUSINESS_TYPES } from '@/lib/cases/approval-policy';

export const dynamic = 'force-dynamic';

/** The approval queue's data for the signed-in supervisor: one page, filtered, after a keyset cursor. */
export async function GET(request: Request) {
  const guard = await guardRoute('/api/cases/queue');
  if ('response' in guard) return guard.response;
  const params = new URL(request.url).searchParams;
  const type = params.get('type');
  const page = await listPendingCases(guard.user.id, {
    type: type && (BUSINESS_TYPES as readonly string[]).includes(type) ? type : undefined,
    overdueOnly: params.get('overdue') === '1',
    after: parseQueueCursor(params.get('after')),
  });
  return Response.json(page, { headers: { 'Cache-Control': 'no-store' } });
}
