import { guardRoute } from '@/lib/auth/route-guard';
import { searchArticles } from '@/lib/kb/service';

export const dynamic = 'force-dynamic';

/** The session console's knowledge search: published articles only, ranked, with highlighted titles and snippets. */
export async function GET(request: Request) {
  const guard = await guardRoute('/api/kb/search');
  if ('response' in guard) return guard.response;
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 100);
  const result = q.trim() ? await searchArticles({ q, limit: 5 }) : { hits: [], more: false };
  return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
}
