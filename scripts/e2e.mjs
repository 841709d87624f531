// Runs the Playwright suite against the production build on a throwaway embedded database.
// Afterwards the app's own output (app and worker, recorded by `e2e.mjs serve`) must hold no personal data.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `node scripts/e2e.mjs serve`, the command Playwright's webServer runs (playwright.config.ts): the app as `npm start`
 * serves it, its stdout and stderr passed through unchanged and also appended to the run's log file. Never returns.
 */
function serve() {
  const logFile = process.env.E2E_APP_LOG ?? path.join(path.resolve(root, process.env.AIR_COUNTER_DATA_DIR ?? '.data-e2e'), 'app.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  const app = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs'), 'start'], { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
  app.stdout.on('data', (chunk) => { log.write(chunk); process.stdout.write(chunk); });
  app.stderr.on('data', (chunk) => { log.write(chunk); process.stderr.write(chunk); });
  // Playwright stops the server by signalling the whole process group: the launcher shuts down app, worker and
  // database, and this process stays to record their last words.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
  let done = false;
  const finish = (code) => {
    if (done) return;
    done = true;
    log.end(() => process.exit(code));
  };
  app.on('close', (code, signal) => finish(code ?? (signal ? 1 : 0)));
  // Should a grandchild hold the pipes open after the launcher has exited, do not wait for it forever.
  app.on('exit', (code, signal) => setTimeout(() => finish(code ?? (signal ? 1 : 0)), 5000).unref());
  return new Promise(() => {});
}
if (process.argv[2] === 'serve') await serve();

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
const appLog = path.join(dataDir, 'app.log');
const result = spawnSync(path.join(root, 'node_modules', '.bin', 'playwright'), ['test', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: { ...process.env, E2E_APP_LOG: appLog } });
const logsClean = checkLogs();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(result.status === 0 && !logsClean ? 1 : (result.status ?? 1));

/** Pass or fail, the app's log is checked for personal data (missing or empty fails too); a failing log is kept. */
function checkLogs() {
  // Listing or explaining the tests starts no app: nothing to check.
  if (process.argv.slice(2).some((a) => ['--list', '--help', '-h'].includes(a))) return true;
  // app.log always; any other app-*.log a spec wrote beside it (a second instance's) too.
  const others = fs.existsSync(dataDir) ? fs.readdirSync(dataDir).filter((f) => /^app-.+\.log$/.test(f)).map((f) => path.join(dataDir, f)) : [];
  const logs = [appLog, ...others];
  const check = spawnSync(process.execPath, [path.join(root, 'scripts', 'log-check.mjs'), ...logs], { cwd: root, stdio: 'inherit' });
  if (check.status === 0) return true;
  // For reading the lines the check named (demo data only); Playwright empties test-results at its next run.
  const keep = path.join(root, 'test-results', 'e2e-logs');
  for (const log of logs.filter((l) => fs.existsSync(l))) {
    fs.mkdirSync(keep, { recursive: true });
    fs.copyFileSync(log, path.join(keep, path.basename(log)));
  }
  if (fs.existsSync(keep)) console.error(`The app's logs are kept in ${path.relative(root, keep)}/.`);
  return false;
}
