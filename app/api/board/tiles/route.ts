import { guardRoute } from '@/lib/auth/route-guard';
import { boardTiles } from '@/lib/board/tiles';

export const dynamic = 'force-dynamic';

/** The operations board's tiles as of now (light: one statement over indexed, today-bounded rows; see lib/board/tiles.ts). */
export async function GET() {
  const guard = await guardRoute('/api/board/tiles');
  if ('response' in guard) return guard.response;
  return Response.json(await boardTiles(), { headers: { 'Cache-Control': 'no-store' } });
}
