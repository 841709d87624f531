// Checks the app's captured logs for personal data: `node scripts/log-check.mjs <log file>...` (run by scripts/e2e.mjs
// after the Playwright suite). The check itself is lib/log/log-check.ts; it runs under tsx because it reads the seed's
// demo customers, which live in server-only TypeScript.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = process.argv.slice(2).map((f) => path.resolve(f));
const result = spawnSync(
  path.join(root, 'node_modules', '.bin', 'tsx'),
  ['--conditions=react-server', '--tsconfig', path.join(root, 'tsconfig.json'), path.join(root, 'lib/log/log-check-cli.ts'), ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
