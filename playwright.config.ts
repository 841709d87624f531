import { defineConfig } from '@playwright/test';
import { chromiumPath } from './e2e/chromium-path';

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' } }],
  webServer: {
    // The production build, served by the same launcher as `npm start`, on a throwaway embedded database; `serve` also
    // records the app's output for the log check that follows the run (scripts/e2e.mjs).
    command: 'node scripts/e2e.mjs serve',
    url: `${baseURL}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      PORT: String(port),
      AIR_COUNTER_DATA_DIR: process.env.E2E_DATA_DIR ?? '.data-e2e',
      AIR_COUNTER_PG_PORT: process.env.E2E_PG_PORT ?? '54391',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
