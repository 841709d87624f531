import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';

export type RequestContext = { requestId: string; ip: string | null };

export function requestContextFrom(h: Headers): RequestContext {
  const forwarded = h.get('x-forwarded-for')?.split(',')[0]?.trim();
  return { requestId: h.get('x-request-id') ?? randomUUID(), ip: forwarded || h.get('x-real-ip') || null };
}

export async function requestContext(): Promise<RequestContext> {
  return requestContextFrom(await headers());
}
