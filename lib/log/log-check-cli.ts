// `node scripts/log-check.mjs <log file>...`: fails (exit 1) when a log is missing, empty, or holds personal data.
import fs from 'node:fs';
import { demoPersonalData } from './demo-personal-data';
import { reportLog } from './log-check';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/log-check.mjs <log file>...');
  process.exit(2);
}
const known = demoPersonalData();
let ok = true;
for (const file of files) {
  const result = reportLog(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null, known);
  ok &&= result.ok;
  for (const line of result.report) (result.ok ? console.log : console.error)(`log check: ${line}`);
}
if (!ok) console.error('log check FAILED (see above). Logs must hold no personal data: the redaction list is in lib/log/logger.ts.');
process.exit(ok ? 0 : 1);
