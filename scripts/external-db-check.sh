#!/usr/bin/env bash
# Proves the console runs on an external PostgreSQL given by DATABASE_URL (Debian's PostgreSQL 15 here):
# migrations and seed apply, the app serves, a demo login signs in and reaches its workspace, the audit chain holds.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${EXTERNAL_CHECK_PORT:-3200}
DB=aircounter_ext_$$
if [ "$(id -u)" -ne 0 ]; then echo "external-db-check: needs root to start the system PostgreSQL cluster; skipped"; exit 0; fi
pg_lsclusters -h | grep -q . || pg_createcluster 15 main >/dev/null
pg_ctlcluster 15 main start 2>/dev/null || true
PGPORT=$(pg_lsclusters -h | awk 'NR==1{print $3}')
su postgres -c "psql -p $PGPORT -qc \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='aircounter') THEN CREATE ROLE aircounter LOGIN PASSWORD 'aircounter-ext'; END IF; END\\\$\\\$;\""
su postgres -c "psql -p $PGPORT -qc 'CREATE DATABASE $DB OWNER aircounter'"
export DATABASE_URL="postgres://aircounter:aircounter-ext@127.0.0.1:$PGPORT/$DB"
export AUTH_SECRET=$(head -c 32 /dev/urandom | base64) DATA_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64) PORT
LOG=$(mktemp)
setsid node scripts/start.mjs start >"$LOG" 2>&1 &
PID=$!
cleanup() { kill -TERM -"$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; su postgres -c "psql -p $PGPORT -qc 'DROP DATABASE IF EXISTS $DB'" || true; rm -f "$LOG" "$JAR"; }
JAR=$(mktemp)
trap cleanup EXIT
for _ in $(seq 1 90); do curl -sf "http://localhost:$PORT/api/health" >/dev/null && break; sleep 1; done
curl -sf "http://localhost:$PORT/api/health" | grep -q '"ok":true' || { cat "$LOG"; echo "external-db-check: app did not come up healthy"; exit 1; }
grep -q 'Using the PostgreSQL server at DATABASE_URL' "$LOG"
CSRF=$(curl -sf -c "$JAR" -b "$JAR" "http://localhost:$PORT/api/auth/csrf" | sed -E 's/.*"csrfToken":"([^"]+)".*/\1/')
curl -sf -o /dev/null -c "$JAR" -b "$JAR" -X POST "http://localhost:$PORT/api/auth/callback/credentials" \
  --data-urlencode "csrfToken=$CSRF" --data-urlencode username=supervisor --data-urlencode password=Demo-2468 \
  --data-urlencode "code=$(node scripts/demo-code.mjs --raw)"
PAGE=$(curl -sf -c "$JAR" -b "$JAR" "http://localhost:$PORT/supervisor")
echo "$PAGE" | grep -q '复核队列' || { echo "external-db-check: signed-in supervisor did not reach the approval queue"; exit 1; }
node scripts/start.mjs task audit-verify
STAFF=$(su postgres -c "psql -p $PGPORT -d $DB -tAc 'SELECT count(*) FROM staff'")
# As many staff as the demo logins the launcher prints (scripts/lib/demo-logins.mjs).
EXPECTED=$(node --input-type=module -e "import('./scripts/lib/demo-logins.mjs').then((m) => console.log(m.DEMO_LOGINS.usernames.length))")
[ "$STAFF" = "$EXPECTED" ] || { echo "external-db-check: expected $EXPECTED seeded staff, found $STAFF"; exit 1; }
echo "external-db-check: OK on PostgreSQL $(su postgres -c "psql -p $PGPORT -tAc 'SHOW server_version'")"
