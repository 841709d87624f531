import { expect, test } from '@playwright/test';
import { newSignedInPage, withDatabase } from './helpers';

/*
 * Server actions answer only their own origin (OWASP ASVS 5.0 §3.5, CSRF): the real request a signed-in teller's
 * browser makes to start a session, replayed with the teller's own cookies but from a foreign origin or with
 * `Origin: null`, is refused and writes nothing; replayed from the app's own origin, it works.
 */
const sessionsOfTeller = () =>
  withDatabase(async (sql) => {
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM service_sessions s JOIN staff t ON t.id = s.teller_id WHERE t.username = 'teller'`;
    return row!.n;
  });

test('a server action from a foreign origin or Origin: null is refused and writes nothing', async ({ browser, baseURL }) => {
  const teller = await newSignedInPage(browser, 'teller');
  const captured = teller.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']);
  await teller.getByRole('button', { name: '开始会话' }).click();
  const request = await captured;
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const headers = Object.fromEntries(Object.entries(request.headers()).filter(([k]) => ['next-action', 'content-type', 'accept', 'next-router-state-tree'].includes(k)));
  const replay = (origin: string) => teller.request.post(request.url(), { headers: { ...headers, origin }, data: request.postDataBuffer() ?? '', maxRedirects: 0 });

  const before = await sessionsOfTeller();
  for (const origin of ['http://evil.example', 'null', 'http://localhost.evil.example']) {
    const res = await replay(origin);
    expect(res.status(), origin).toBe(403);
    expect(await sessionsOfTeller(), origin).toBe(before);
  }
  // The same request from the app's own origin is carried out: the refusals were about the origin alone.
  const own = await replay(new URL(baseURL!).origin);
  expect(own.status()).toBeLessThan(400);
  await expect.poll(sessionsOfTeller).toBe(before + 1);
});
