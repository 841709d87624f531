import NextAuth from 'next-auth';
import { authConfig } from './auth.config';

// Convenience only: sends signed-out visitors to the sign-in page. Every page and action checks authorization itself.
const { auth } = NextAuth(authConfig);
export default auth;

export const config = {
  matcher: ['/((?!api/auth|api/health|api/session|login|_next/static|_next/image|favicon.ico).*)'],
};
