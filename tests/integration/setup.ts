import { AsyncLocalStorage } from 'node:async_hooks';
import { inject, vi } from 'vitest';

// Runs before each test file's imports, so db/index.ts sees the URL when it creates its pool.
process.env.DATABASE_URL = inject('databaseUrl');

type AuthStore = { sid: string | null };
const g = globalThis as unknown as { __testAuth: { current: string | null; scoped: AsyncLocalStorage<AuthStore> } };
g.__testAuth ??= { current: null, scoped: new AsyncLocalStorage<AuthStore>() };

// Only the edges Next.js provides at request time are replaced; the database and the domain are real.
vi.mock('@/auth', () => ({
  auth: async () => {
    const state = (globalThis as unknown as typeof g).__testAuth;
    const scoped = state.scoped.getStore();
    const sid = scoped ? scoped.sid : state.current;
    return sid ? { sid } : null;
  },
  // A step-up's new token, as the browser would hold it from the response's cookie.
  updateSession: async (data: { sid: string }) => {
    const state = (globalThis as unknown as typeof g).__testAuth;
    const scoped = state.scoped.getStore();
    if (scoped) scoped.sid = data.sid;
    else state.current = data.sid;
  },
}));
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-forwarded-for': '203.0.113.7' }) }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
