import { NextResponse, type NextRequest } from 'next/server';
import { hasSessionCookie } from './auth.config';
import { contentSecurityPolicy, newNonce, pageHeaders } from './lib/security/headers';

// Two jobs, neither of them authorization (every page, action and route handler checks that on the server):
// - sends visitors of pages without a session cookie to the sign-in page (a convenience: whether a cookie is valid is
//   the server's check on every page, which sends an expired or forged one there too);
// - gives every page its security headers: a Content Security Policy with a fresh nonce (handed to Next.js on the
//   request so its scripts carry it), no caching, no framing, the camera and microphone only on the session console.
export default function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  // A server action only from the app's own origin (Next.js checks it too; refusing here answers 403, not an error).
  if (req.method === 'POST' && req.headers.has('next-action') && !sameOrigin(req.headers)) {
    return new NextResponse(null, { status: 403, headers: { 'Cache-Control': 'no-store' } });
  }
  if (!hasSessionCookie(req.cookies.getAll().map((c) => c.name)) && pathname !== '/login') {
    const signIn = req.nextUrl.clone();
    signIn.pathname = '/login';
    signIn.search = '';
    signIn.searchParams.set('callbackUrl', req.nextUrl.href);
    return NextResponse.redirect(signIn);
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== 'production');
  const headers = new Headers(req.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('Content-Security-Policy', csp);
  const https = req.nextUrl.protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https';
  for (const [k, v] of Object.entries(pageHeaders(pathname, https))) res.headers.set(k, v);
  return res;
}

/** Whether the request's Origin is this site (the host the client asked for, as a proxy in front forwards it). */
function sameOrigin(headers: Headers): boolean {
  const origin = headers.get('origin');
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!origin || origin === 'null' || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
};
