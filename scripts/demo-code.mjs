#!/usr/bin/env node
// The current code of the demo's authenticator key (demo supervisors and admins), for trying the console without an
// authenticator app. The key is public and exists only in the demo database (db/seed.ts DEMO_TOTP_SECRET).
import { generateSync } from 'otplib';
import { DEMO_LOGINS } from './lib/demo-logins.mjs';

const step = 30;
const left = step - (Math.floor(Date.now() / 1000) % step);
// `--raw`: the digits only, for scripts (scripts/external-db-check.sh).
if (process.argv.includes('--raw')) console.log(generateSync({ secret: DEMO_LOGINS.totpSecret }));
else console.log(`${generateSync({ secret: DEMO_LOGINS.totpSecret })}  (valid about ${left} s more; for ${DEMO_LOGINS.totpUsers.join(', ')}; each code works once)`);
