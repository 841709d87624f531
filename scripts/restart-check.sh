#!/usr/bin/env bash
# Proves the zero-setup path: `npm start` on an empty data directory starts the embedded PostgreSQL, seeds, serves the
# sign-in page and a demo login works; Ctrl-C (SIGINT) stops app and database; a second start keeps the data.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT=${RESTART_CHECK_PORT:-3300} AIR_COUNTER_PG_PORT=${RESTART_CHECK_PG_PORT:-54393} AIR_COUNTER_DATA_DIR=.data-restart-check
unset DATABASE_URL AUTH_SECRET DATA_ENCRYPTION_KEY
rm -rf "$AIR_COUNTER_DATA_DIR"
JAR=$(mktemp); LOG=$(mktemp)
trap 'rm -rf "$JAR" "$LOG" "$AIR_COUNTER_DATA_DIR"' EXIT

start() {
  setsid npm start >"$LOG" 2>&1 &
  PID=$!
  for _ in $(seq 1 120); do curl -sf "http://localhost:$PORT/login" >/dev/null && return 0; sleep 1; done
  cat "$LOG"; echo "restart-check: the console did not come up"; exit 1
}
stop() {
  kill -INT -"$PID"
  for _ in $(seq 1 30); do kill -0 "$PID" 2>/dev/null || break; sleep 1; done
  if kill -0 "$PID" 2>/dev/null; then echo "restart-check: Ctrl-C did not stop the launcher"; exit 1; fi
  if pgrep -f "$(pwd)/$AIR_COUNTER_DATA_DIR/pg" >/dev/null; then echo "restart-check: PostgreSQL still running after Ctrl-C"; exit 1; fi
  if pgrep -f "$(pwd)/scripts/worker.ts" >/dev/null; then echo "restart-check: the outbox worker still running after Ctrl-C"; exit 1; fi
}
sign_in() {
  rm -f "$JAR"
  CSRF=$(curl -sf -c "$JAR" -b "$JAR" "http://localhost:$PORT/api/auth/csrf" | sed -E 's/.*"csrfToken":"([^"]+)".*/\1/')
  curl -sf -o /dev/null -c "$JAR" -b "$JAR" -X POST "http://localhost:$PORT/api/auth/callback/credentials" \
    --data-urlencode "csrfToken=$CSRF" --data-urlencode username=teller --data-urlencode password=Demo-2468
  curl -sf -b "$JAR" "http://localhost:$PORT/teller" | grep -q '我的工作台' || { echo "restart-check: demo login failed"; exit 1; }
}

start
grep -q 'Empty database: demo data seeded' "$LOG" || { cat "$LOG"; echo "restart-check: first start did not seed"; exit 1; }
grep -q 'Demo-2468' "$LOG"
sign_in
# The app serves as the least-privileged role (it can only append to the audit trail), not as the database owner.
APP_CONNS=$(node --input-type=module -e "
  import postgres from 'postgres';
  const s = postgres('postgres://aircounter:aircounter-local@127.0.0.1:$AIR_COUNTER_PG_PORT/aircounter', { onnotice: () => {} });
  const [r] = await s\`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = 'aircounter_app' AND datname = 'aircounter'\`;
  console.log(r.n); await s.end();")
[ "${APP_CONNS:-0}" -ge 1 ] || { echo "restart-check: the app is not connected as aircounter_app"; exit 1; }
stop
start
grep -q 'Existing data kept' "$LOG" || { cat "$LOG"; echo "restart-check: second start did not keep the data"; exit 1; }
sign_in
ROWS=$(node scripts/start.mjs task audit-verify | sed -nE 's/Audit trail intact: ([0-9]+) rows\./\1/p')
# Two successful sign-ins, one from each run, are in the one audit trail.
[ "${ROWS:-0}" -ge 2 ] || { echo "restart-check: expected the first run's audit rows to survive, found ${ROWS:-none}"; exit 1; }
stop
# Key rotation on the demo's own secrets: every value re-encrypted under a new key, the old key dropped, all readable.
OLD_KEY=$(node -e "console.log(require('./$AIR_COUNTER_DATA_DIR/secrets.json').DATA_ENCRYPTION_KEY)")
npm run --silent keys:rotate >"$LOG" 2>&1 || { cat "$LOG"; echo "restart-check: keys:rotate failed"; exit 1; }
grep -q 'Key rotation done' "$LOG" || { cat "$LOG"; echo "restart-check: keys:rotate did not finish"; exit 1; }
NEW_KEY=$(node -e "const s = require('./$AIR_COUNTER_DATA_DIR/secrets.json'); console.log(s.DATA_ENCRYPTION_KEYS_PREVIOUS ? 'kept' : s.DATA_ENCRYPTION_KEY)")
[ "$NEW_KEY" != "$OLD_KEY" ] && [ "$NEW_KEY" != kept ] || { echo "restart-check: the key did not change, or the old key was kept"; exit 1; }
VERIFY=$(node scripts/start.mjs task keys-verify 2>&1) || { echo "$VERIFY"; echo "restart-check: data not readable after rotation"; exit 1; }
grep -q ', 0 not yet under the current key' <<<"$VERIFY" || { echo "$VERIFY"; echo "restart-check: values left under the old key"; exit 1; }
start
sign_in
stop
echo "restart-check: OK (first start seeded, second start kept $ROWS audit rows, Ctrl-C stopped app and database, keys:rotate re-encrypted everything)"
