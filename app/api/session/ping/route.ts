import { endIdleSession, getCurrentUser } from '@/lib/auth/current-user';

export const dynamic = 'force-dynamic';

/** Activity heartbeat from the console: keeps a working teller's session alive while they type. */
export async function POST() {
  const user = await getCurrentUser();
  return new Response(null, { status: user ? 204 : 401, headers: { 'Cache-Control': 'no-store' } });
}

/** The browser saw 15 quiet minutes: end the sign-in now rather than wait for the next request to notice. */
export async function DELETE() {
  await endIdleSession();
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
}
