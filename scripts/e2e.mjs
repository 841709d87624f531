// Runs the Playwright suite against the production build on a throwaway embedded database.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const browsers = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
if (!browsers.some((p) => fs.existsSync(p))) {
  console.error(
    'No Chromium found for the end-to-end tests.\n' +
      '  Debian/Ubuntu: sudo apt-get install -y chromium fonts-noto-cjk\n' +
      '  Elsewhere: set CHROMIUM_PATH to a Chromium/Chrome binary (Playwright 1.64 expects Chromium 156).',
  );
  process.exit(1);
}
if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('No production build: run `npm run build` first (npm test does).');
  process.exit(1);
}
const dataDir = path.join(root, process.env.E2E_DATA_DIR ?? '.data-e2e');
fs.rmSync(dataDir, { recursive: true, force: true });
const result = spawnSync(path.join(root, 'node_modules', '.bin', 'playwright'), ['test', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
