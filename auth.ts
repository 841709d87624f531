import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authConfig } from './auth.config';
import { authSecret } from '@/lib/config';
import { signInStaff } from '@/lib/auth/sign-in';
import { signInSchema } from '@/lib/auth/schemas';
import { requestContextFrom } from '@/lib/auth/request-context';

class SignInRefused extends CredentialsSignin {
  code = 'refused';
}

export const { auth, handlers, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: authSecret(),
  logger: {
    // A refused sign-in is expected and already audited; log everything else.
    error(error: Error) {
      if ((error as { type?: string }).type !== 'CredentialsSignin') console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  providers: [
    Credentials({
      credentials: { username: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) throw new SignInRefused();
        const user = await signInStaff(parsed.data.username, parsed.data.password, requestContextFrom(request.headers));
        if (!user) throw new SignInRefused();
        return { id: user.id, name: user.displayName, sid: user.sessionId, role: user.role };
      },
    }),
  ],
}));
