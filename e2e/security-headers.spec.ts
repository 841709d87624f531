import { expect, test, type Page } from '@playwright/test';
import { newSignedInPage } from './helpers';

/*
 * Every page carries its security headers (OWASP ASVS 5.0 §3.4, §14.3): a Content Security Policy with a fresh nonce
 * and no inline scripts allowed without it, no framing, no caching; the camera and microphone only on the session
 * console. The pages still work under the policy (nothing blocked), and the proxy is no way in: the headers that once
 * let a request skip Next.js middleware (CVE-2025-29927) get a signed-out visitor nothing.
 */
const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];

/** Collects the browser's reports of anything the policy blocked. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test('every page has a nonce-based policy, is never cached or framed, and the camera only on the console', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  const first = await teller.request.get('/teller');
  const second = await teller.request.get('/teller');
  const csp = first.headers()['content-security-policy'] ?? null;
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).not.toMatch(/'unsafe-eval'/);
  expect(csp).toMatch(/frame-ancestors 'none'/);
  expect(csp).toMatch(/object-src 'none'/);
  // A fresh nonce each time, and it is the one on the page's scripts.
  expect(nonceOf(csp)).not.toBe(nonceOf(second.headers()['content-security-policy'] ?? null));
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(csp)}"`);
  expect(first.headers()['cache-control']).toBe('no-store');
  expect(first.headers()['x-frame-options']).toBe('DENY');
  expect(first.headers()['x-content-type-options']).toBe('nosniff');
  expect(first.headers()['permissions-policy']).toMatch(/camera=\(\), microphone=\(\)/);
  // The session console may use them (it records the contact).
  const console = await teller.request.get('/teller/sessions/00000000-0000-4000-8000-000000000000');
  expect(console.headers()['permissions-policy']).toMatch(/camera=\(self\), microphone=\(self\)/);
  // The sign-in page too.
  const login = await teller.request.get('/login');
  expect(login.headers()['content-security-policy']).toMatch(/'nonce-/);
});

test('the screens work under the policy: nothing is blocked', async ({ browser }) => {
  const supervisor = await newSignedInPage(browser, 'supervisor');
  const blocked = cspViolations(supervisor);
  for (const path of ['/supervisor', '/supervisor/board', '/complaints', '/kb', '/supervisor/live']) {
    await supervisor.goto(path);
    await expect(supervisor.getByRole('main')).toBeVisible();
    await supervisor.waitForLoadState('networkidle');
  }
  for (const [role, paths] of [
    ['qc', ['/qc', '/quality', '/quality/reports', '/scorecards', '/qc/calibration']],
    ['teller', ['/teller', '/teller/quality', '/kb', '/appraisal']],
  ] as const) {
    const page = await newSignedInPage(browser, role);
    blocked.push(...cspViolations(page));
    for (const path of paths) {
      await page.goto(path);
      await expect(page.getByRole('main')).toBeVisible();
      await page.waitForLoadState('networkidle');
    }
    if (role === 'teller') {
      // A session console (its recording player, knowledge panel and live case updates).
      await page.goto('/teller');
      await page.getByRole('row').filter({ hasText: '已结束' }).first().getByRole('link').click();
      await expect(page.getByRole('heading', { name: '会话工作台' })).toBeVisible();
      await page.waitForLoadState('networkidle');
    }
  }
  expect(blocked).toEqual([]);
});

test('the middleware-bypass headers get a signed-out visitor nothing (CVE-2025-29927 class)', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const bypass: Record<string, string>[] = [
    { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
    { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' },
    { 'x-middleware-subrequest': 'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware' },
    { 'x-middleware-prefetch': '1' },
    { 'x-invoke-path': '/teller', 'x-invoke-query': '{}' },
  ];
  for (const headers of bypass) {
    for (const path of ['/teller', '/supervisor', '/admin/audit', '/complaints']) {
      const page = await anonymous.get(path, { headers, maxRedirects: 0 });
      expect([302, 303, 307, 308, 401, 403, 404], `${path} ${JSON.stringify(headers)}`).toContain(page.status());
      expect(await page.text()).not.toMatch(/工作台|复核授权|审计|客户投诉/);
    }
    for (const path of ['/api/cases/queue', '/api/board/tiles', '/api/quality/report?month=2026-11', '/api/kb/search?q=开卡']) {
      const data = await anonymous.get(path, { headers, maxRedirects: 0 });
      // Refused, or (Next.js answering a prefetch itself, without running the handler) answered with nothing at all.
      const body = await data.text();
      expect(data.status() === 401 || (data.status() < 300 && ['', '{}'].includes(body.trim())), `${path} ${JSON.stringify(headers)}: ${data.status()} ${body.slice(0, 200)}`).toBe(true);
    }
  }
  await anonymous.dispose();
});
