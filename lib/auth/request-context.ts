import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';

export type RequestContext = { requestId: string; ip: string | null };

const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Who is asking, for the audit trail. The client controls every header it sends, so the address is read from the
 * right of X-Forwarded-For, skipping only the reverse proxies we run ourselves (TRUSTED_PROXY_HOPS, default 0: the
 * entry added by the server in front of us), and a client's request id is kept only when it is a short token.
 */
export function requestContextFrom(h: Headers, trustedHops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0)): RequestContext {
  const given = h.get('x-request-id');
  const chain = (h.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const forwarded = chain[Math.max(0, chain.length - 1 - trustedHops)];
  return { requestId: given && REQUEST_ID.test(given) ? given : randomUUID(), ip: forwarded || h.get('x-real-ip') || null };
}

export async function requestContext(): Promise<RequestContext> {
  return requestContextFrom(await headers());
}
