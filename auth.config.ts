import type { NextAuthConfig } from 'next-auth';

/**
 * The session cookie (ASVS 3.3): always HttpOnly and SameSite=Lax; behind HTTPS (AUTH_URL https://…) Secure and with
 * the `__Host-` prefix, so no subdomain can set or widen it. Without AUTH_URL, Auth.js still marks it Secure (with a
 * `__Secure-` name) whenever the request arrived over HTTPS.
 */
export function sessionCookies(authUrl = process.env.AUTH_URL ?? '') {
  if (!authUrl.startsWith('https://')) return {};
  return {
    useSecureCookies: true,
    cookies: { sessionToken: { name: '__Host-authjs.session-token', options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: true } } },
  };
}

/**
 * Whether a request carries a session cookie at all (any of Auth.js's names: plain, `__Secure-`, `__Host-`, chunked).
 * All proxy.ts needs to send a visitor without one to the sign-in page; whether the cookie is valid, current and whose
 * it is, the server decides on every page, action and route (lib/auth/current-user.ts), so the proxy does not spend a
 * decryption and a re-issued cookie on every request.
 */
export function hasSessionCookie(names: Iterable<string>): boolean {
  for (const name of names) if (/^(__Host-|__Secure-)?authjs\.session-token(\.\d+)?$/.test(name)) return true;
  return false;
}

/** Edge-safe part of the auth configuration, shared by proxy.ts and auth.ts. No database access here. */
export const authConfig = {
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  trustHost: true,
  ...sessionCookies(),
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sid = user.sid;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.sid = typeof token.sid === 'string' ? token.sid : undefined;
      return session;
    },
  },
} satisfies NextAuthConfig;
