import type { Role } from '@/lib/auth/roles';

declare module 'next-auth' {
  interface User {
    sid: string;
    role: Role;
  }
  interface Session {
    sid?: string;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    sid?: string;
    role?: Role;
  }
}
