import { register } from 'node:module';
import { expect, it, vi } from 'vitest';
it('auth route', async () => {
  register('data:text/javascript,' + encodeURIComponent(`export async function resolve(s, c, next) { if (/^next\\/(server|headers|navigation)$/.test(s)) return next(s + '.js', c); return next(s, c); }`));
  const actual = await vi.importActual<typeof import('@/auth')>('@/auth');
  console.log(Object.keys(actual));
  const { NextRequest } = await import('next/server');
  const res = await actual.handlers.GET(new NextRequest('http://localhost/api/auth/session'));
  console.log(res.status, [...res.headers.entries()], await res.text());
  const res2 = await actual.handlers.GET(new NextRequest('http://localhost/api/auth/providers'));
  console.log(res2.status, await res2.text());
  const res3 = await actual.handlers.POST(new NextRequest('http://localhost/api/auth/callback/credentials', { method: 'POST', body: new URLSearchParams({ username: 'x', password: 'y' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
  console.log(res3.status, [...res3.headers.entries()], await res3.text());
  expect(1).toBe(1);
});
