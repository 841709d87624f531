import { guardRoute } from '@/lib/auth/route-guard';
import { readCapped } from '@/lib/http/read-capped';
import { renderMarkdown } from '@/lib/kb/markdown';

export const dynamic = 'force-dynamic';

// An article's text is at most 50,000 characters, up to 4 bytes each in UTF-8.
const MAX_BYTES = 200_000;

/**
 * The editor's preview: the Markdown posted as plain text, rendered by the same sanitizer readers get. Nothing is
 * stored; only writers may ask.
 */
export async function POST(request: Request) {
  const guard = await guardRoute('/api/kb/preview');
  if ('response' in guard) return guard.response;
  const body = request.body ? await readCapped(request.body, MAX_BYTES) : Buffer.alloc(0);
  if (body === 'tooLarge') return new Response(null, { status: 413, headers: { 'Cache-Control': 'no-store' } });
  return Response.json({ html: renderMarkdown(body.toString('utf8')) }, { headers: { 'Cache-Control': 'no-store' } });
}
