import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authConfig } from './auth.config';
import { authSecret } from '@/lib/config';
import { signInStaff } from '@/lib/auth/sign-in';
import { signInSchema } from '@/lib/auth/schemas';
import { requestContextFrom } from '@/lib/auth/request-context';
import { validRotation } from '@/lib/auth/rotation';
import { authLogger } from '@/lib/log/auth-logger';

class SignInRefused extends CredentialsSignin {
  code = 'refused';
}
class CodeNeeded extends CredentialsSignin {
  code = 'code_needed';
}

export const { auth, handlers, signIn, signOut, unstable_update: updateSession } = NextAuth(() => ({
  ...authConfig,
  secret: authSecret(),
  callbacks: {
    ...authConfig.callbacks,
    jwt(params) {
      if (params.trigger === 'update') {
        // Only a rotation the server signed (lib/auth/rotation.ts) changes the token; anything else keeps it as it is.
        const next = params.session as { sid?: unknown; proof?: unknown } | undefined;
        if (next && validRotation(params.token.sid, next.sid, next.proof)) params.token.sid = next.sid;
        return params.token;
      }
      return authConfig.callbacks.jwt(params);
    },
  },
  // A refused sign-in is expected and already audited; everything else is logged by class and type (lib/log/auth-logger.ts).
  logger: authLogger,
  providers: [
    Credentials({
      credentials: { username: {}, password: {}, code: {} },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) throw new SignInRefused();
        const user = await signInStaff(parsed.data.username, parsed.data.password, requestContextFrom(request.headers), parsed.data.code);
        if (!user) throw new SignInRefused();
        if ('needsCode' in user) throw new CodeNeeded();
        return { id: user.id, name: user.displayName, sid: user.sessionId, role: user.role };
      },
    }),
  ],
}));
