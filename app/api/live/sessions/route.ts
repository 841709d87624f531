import { listLiveSessions } from '@/db/queries/service-sessions';
import { guardRoute } from '@/lib/auth/route-guard';

export const dynamic = 'force-dynamic';

/** The board's data: open sessions with masked customers. */
export async function GET() {
  const guard = await guardRoute('/supervisor/live');
  if ('response' in guard) return guard.response;
  return Response.json(await listLiveSessions(), { headers: { 'Cache-Control': 'no-store' } });
}
