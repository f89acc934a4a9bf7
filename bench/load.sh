#!/usr/bin/env bash
# Load test of the portal under gunicorn on PostgreSQL, loopback only.
#
#   bench/load.sh steady    # 64 connections x 60 s over the main pages; prints requests/s, errors
#   bench/load.sh restart   # the same, restarting PostgreSQL after 20 s while a writer adds records:
#                           # failures only in the restart window, recovery without a restart of the
#                           # portal, and every save the portal confirmed is in the database.
#
# The portal runs with production settings (DEBUG off, hashed static files via whitenoise,
# persistent connections with health checks) on 127.0.0.1:$LOAD_PORT against a database of its
# own ($LOAD_DB, default "loadtest") in a PostgreSQL cluster of its own ($LOAD_CLUSTER on
# $LOAD_PG_PORT, created on first use), so restarting it never disturbs other databases.
# Needs: Debian's postgresql, wrk, curl; run as root (pg_createcluster, pg_ctlcluster).
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-steady}
DB=${LOAD_DB:-loadtest}
PG_VERSION=${LOAD_PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -1)}
CLUSTER=${LOAD_CLUSTER:-loadtest}
PG_PORT=${LOAD_PG_PORT:-5433}
PORT=${LOAD_PORT:-18765}
SECONDS_TOTAL=${LOAD_SECONDS:-60}
CONNECTIONS=${LOAD_CONNECTIONS:-64}
WORKERS=${LOAD_WORKERS:-5}
RESTART_AFTER=${LOAD_RESTART_AFTER:-20}
BASE="http://127.0.0.1:$PORT"
WORK=var/loadtest
PY=.venv/bin/python

case "$MODE" in steady|restart) ;; *) echo "usage: $0 steady|restart" >&2; exit 2 ;; esac
if [ "$DB" = "test" ] || [ "$DB" = "postgres" ]; then
  echo "refusing to use the database '$DB'" >&2; exit 2
fi
mkdir -p "$WORK"
. bench/lib.sh

# --- PostgreSQL: a cluster of our own ------------------------------------------------------------
if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$PG_VERSION/$CLUSTER"; then
  say "creating PostgreSQL cluster $PG_VERSION/$CLUSTER on port $PG_PORT"
  pg_createcluster "$PG_VERSION" "$CLUSTER" --port "$PG_PORT" -- --auth-local=trust --auth-host=trust >/dev/null
fi
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$CLUSTER" start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 1; done
su postgres -c "psql -q -p $PG_PORT -tc \"SELECT 1 FROM pg_roles WHERE rolname='root'\" | grep -q 1 || createuser -p $PG_PORT -s root"
psql -q -h 127.0.0.1 -p "$PG_PORT" -U root -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

export DATABASE_URL="postgres://root@127.0.0.1:$PG_PORT/$DB"
export DJANGO_DEBUG=0 SECRET_KEY="load-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1 STATIC_ROOT="$PWD/$WORK/static" STATIC_MANIFEST=1
export MEDIA_ROOT="$PWD/$WORK/uploads" LOG_LEVEL=WARNING DB_CONN_MAX_AGE=60
# Logging in again and again from one address must not lock the accounts during the run.
export AXES_FAILURE_LIMIT=1000

say "migrate, demo data, collectstatic"
$PY manage.py migrate --noinput -v0 2>/dev/null
$PY manage.py load_demo >/dev/null 2>&1
$PY manage.py collectstatic --noinput -v0 2>/dev/null

if port_in_use "$PORT"; then
  echo "port $PORT is already in use: set LOAD_PORT to a free port" >&2; exit 2
fi
say "gunicorn on $BASE ($WORKERS workers)"
GUNICORN_BIND="127.0.0.1:$PORT" WEB_CONCURRENCY=$WORKERS GUNICORN_ACCESSLOG="$WORK/access.log" \
  GUNICORN_LOGLEVEL=warning .venv/bin/gunicorn -c deploy/gunicorn.conf.py portal.wsgi \
  2>"$WORK/gunicorn.log" &
GUNICORN_PID=$!
trap 'kill $GUNICORN_PID 2>/dev/null; wait $GUNICORN_PID 2>/dev/null || true' EXIT
wait_http "$BASE/health/" || true
kill -0 $GUNICORN_PID 2>/dev/null || { echo "gunicorn did not start:" >&2; cat "$WORK/gunicorn.log" >&2; exit 1; }
curl -fsS "$BASE/health/" >/dev/null

# --- Log in through the form like a browser and pick the main pages -----------------------------
SESSION=$(portal_login "$BASE" sec_longhutang demo2026 "$WORK/cookies.txt")
read -r ORG _ < <(demo_ids)
main_pages "$BASE" "$SESSION" "$WORK/paths.txt"
say "pages: $(tr '\n' ' ' < "$WORK/paths.txt")"

run_wrk() {
  LOAD_SESSION="$SESSION" LOAD_PATHS="$WORK/paths.txt" wrk -t2 -c"$CONNECTIONS" \
    -d"${SECONDS_TOTAL}s" --timeout 10s -s bench/load.lua "$BASE"
}

if [ "$MODE" = steady ]; then
  say "wrk: $CONNECTIONS connections for ${SECONDS_TOTAL}s"
  run_wrk | tee "$WORK/wrk.txt"
  RESULT=$(grep '^RESULT' "$WORK/wrk.txt")
  errors=$(echo "$RESULT" | tr ' ' '\n' | awk -F= '/^(non200|connect_errors|read_errors|write_errors|timeouts)=/{s+=$2} END{print s+0}')
  say "requests/s: $(echo "$RESULT" | sed 's/.*rps=\([0-9.]*\).*/\1/'), errors: $errors"
  [ "$errors" = 0 ] || { echo "FAIL: $errors errors under steady load" >&2; exit 1; }
  say "PASS: no errors"
  exit 0
fi

# --- restart mode -------------------------------------------------------------------------------
say "writer (admin adds party groups) + wrk for ${SECONDS_TOTAL}s; PostgreSQL restart after ${RESTART_AFTER}s"
$PY bench/load_writer.py "$BASE" admin demo2026 "$ORG" --seconds "$SECONDS_TOTAL" \
  --out "$WORK/writer.json" > "$WORK/writer.txt" &
WRITER_PID=$!
wait_writer "$WORK/writer.txt"
run_wrk > "$WORK/wrk.txt" &
WRK_PID=$!
sleep "$RESTART_AFTER"
RESTART_START=$(date +%s.%N)
say "restarting PostgreSQL $PG_VERSION/$CLUSTER"
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$CLUSTER" restart
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.2; done
RESTART_END=$(date +%s.%N)
say "PostgreSQL is back after $(echo "$RESTART_END - $RESTART_START" | bc) s"
wait $WRK_PID; wait $WRITER_PID
cat "$WORK/wrk.txt" "$WORK/writer.txt"
HEALTH=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/health/")

$PY bench/check_window.py --wrk "$WORK/wrk.txt" --writer "$WORK/writer.json" \
  --start "$RESTART_START" --end "$RESTART_END" --health "$HEALTH" \
  --what "restart window: PostgreSQL down and back"
