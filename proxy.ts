import NextAuth from 'next-auth';
import { authConfig } from './auth.config';

// Convenience only: sends signed-out visitors of pages to the sign-in page. Every page, action and route handler
// (api/, which answers 401 itself) checks authorization on its own.
const { auth } = NextAuth(authConfig);
export default auth;

export const config = {
  matcher: ['/((?!api/|login|_next/static|_next/image|favicon.ico).*)'],
};
