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

/** Edge-safe part of the auth configuration, shared by proxy.ts and auth.ts. No database access here. */
export const authConfig = {
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  trustHost: true,
  ...sessionCookies(),
  providers: [],
  callbacks: {
    // Used by proxy.ts only to send signed-out visitors to the sign-in page; authorization happens on the server.
    authorized({ auth }) {
      return !!auth?.sid;
    },
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
