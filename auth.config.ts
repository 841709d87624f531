import type { NextAuthConfig } from 'next-auth';

/** Edge-safe part of the auth configuration, shared by proxy.ts and auth.ts. No database access here. */
export const authConfig = {
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  trustHost: true,
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
