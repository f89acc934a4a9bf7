#!/usr/bin/env bash
# Benchmark of the main pages at province scale, against the health endpoint as the baseline.
#
#   bench/run.sh            # generate (or reuse) the province, measure, print, write BENCHMARKS.md
#
# 1. A PostgreSQL database of its own ($BENCH_DB, default "bench"; never "test") on the main
#    cluster. `manage.py generate_scale $BENCH_GENERATE` fills it unless the database's comment
#    says it already holds data generated with the same arguments (BENCH_REGENERATE=1 forces it).
# 2. The portal under gunicorn with production settings (DEBUG off, hashed static files through
#    whitenoise, persistent database connections, deploy/gunicorn.conf.py's workers) on
#    127.0.0.1:$BENCH_PORT.
# 3. Logs in through the login form as a generated secretary and a district reviewer, then runs
#    wrk ($BENCH_CONNECTIONS connections, $BENCH_SECONDS s) on /health/ and on each page as the
#    right role (bench/targets.py picks them), after a short warm-up; /health/ again at the end.
# 4. Each page alone in-process (bench/profile_page.py), the exports (ledger Excel/Word, the
#    district's zip) and their memory (bench/exports.py).
# 5. bench/summarize.py prints the table and rewrites the results block of BENCHMARKS.md.
#
# Needs: Debian's wrk and curl, PostgreSQL on 127.0.0.1:5432 with a superuser "root", Redis on
# 127.0.0.1:6379 (BENCH_REDIS= to run without).
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${BENCH_DB:-bench}
PORT=${BENCH_PORT:-18780}
SECONDS_EACH=${BENCH_SECONDS:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
GENERATE=${BENCH_GENERATE:---seed 1}
PG=${BENCH_PG:-postgres://root@127.0.0.1:5432}
WORK=var/bench
PY=.venv/bin/python
BASE="http://127.0.0.1:$PORT"

case "$DB" in test|test_*|postgres|template*) echo "refusing to use the database '$DB'" >&2; exit 2 ;; esac
mkdir -p "$WORK"
say() { printf '== %s %s\n' "$(date +%H:%M:%S)" "$*"; }
psql_() { psql -h 127.0.0.1 -U root -X -q "$@"; }

# --- database and data ---------------------------------------------------------------------------
if ! psql_ -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
  say "creating database $DB"
  psql_ -d postgres -c "CREATE DATABASE \"$DB\""
fi
export DATABASE_URL="$PG/$DB"
export DJANGO_DEBUG=0 SECRET_KEY="bench-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1 STATIC_ROOT="$PWD/$WORK/static" STATIC_MANIFEST=1
export MEDIA_ROOT="$PWD/$WORK/uploads" LOG_LEVEL=WARNING DB_CONN_MAX_AGE=60
# Logging in from one address again and again must not lock the generated accounts.
export AXES_FAILURE_LIMIT=1000
# The shared cache of a production set-up (DEPLOY.md): the kept figures and scopes of one worker
# serve the others. Its own Redis database, emptied first so the run starts cold;
# BENCH_REDIS= (empty) measures each worker's own memory instead.
REDIS=${BENCH_REDIS-redis://127.0.0.1:6379/3}
if [ -n "$REDIS" ]; then
  redis-cli -u "$REDIS" FLUSHDB >/dev/null
  export REDIS_URL="$REDIS"
fi

say "migrate, collectstatic"
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0

STAMP="generate_scale $GENERATE"
CURRENT=$(psql_ -d postgres -tAc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname='$DB'")
if [ "$CURRENT" != "$STAMP" ] || [ "${BENCH_REGENERATE:-0}" = 1 ]; then
  say "generating: manage.py $STAMP (this takes a while at the default size)"
  # shellcheck disable=SC2086
  /usr/bin/time -f "generated in %e s, peak RSS %M KiB" \
    $PY manage.py generate_scale $GENERATE --reset --fast 2>&1 | tee "$WORK/generate.log"
  psql_ -d postgres -c "COMMENT ON DATABASE \"$DB\" IS '$STAMP'"
else
  say "reusing the data of: $STAMP"
fi
psql_ -d "$DB" -c "VACUUM ANALYZE" >/dev/null

# As after every deploy or restore (DEPLOY.md): this year's compliance figures kept now, not by
# the first reviewer who opens a province.
say "$( { /usr/bin/time -f 'in %e s' $PY manage.py keep_figures --warm; } 2>&1 | tr '\n' ' ')"

$PY bench/targets.py > "$WORK/targets.txt"
say "$(grep '^sizes' "$WORK/targets.txt")"

# --- the portal under gunicorn -------------------------------------------------------------------
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "port $PORT is already in use: set BENCH_PORT to a free port" >&2; exit 2
fi
GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_ACCESSLOG=/dev/null GUNICORN_LOGLEVEL=warning \
  .venv/bin/gunicorn -c deploy/gunicorn.conf.py portal.wsgi 2>"$WORK/gunicorn.log" &
GUNICORN_PID=$!
trap 'kill $GUNICORN_PID 2>/dev/null; wait $GUNICORN_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fsS -o /dev/null "$BASE/health/" 2>/dev/null && break; sleep 0.5; done
kill -0 $GUNICORN_PID 2>/dev/null || { echo "gunicorn did not start:" >&2; cat "$WORK/gunicorn.log" >&2; exit 1; }
WORKERS=$(pgrep -P $GUNICORN_PID | wc -l)
say "gunicorn on $BASE with $WORKERS workers"

# Log in through the form like a browser; print the session cookie.
login() {
  local jar="$WORK/cookies-$1.txt" status
  rm -f "$jar"
  curl -fsS -c "$jar" -b "$jar" -o /dev/null "$BASE/accounts/login/"
  status=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
    -H "Referer: $BASE/accounts/login/" \
    --data-urlencode "csrfmiddlewaretoken=$(awk '$6=="csrftoken"{print $7}' "$jar")" \
    --data-urlencode "username=$1" --data-urlencode "password=${BENCH_PASSWORD:-scale-password-2024}" \
    "$BASE/accounts/login/")
  [ "$status" = 302 ] || { echo "login as $1 failed ($status)" >&2; exit 1; }
  awk '$6=="sessionid"{print $7}' "$jar"
}
declare -A SESSION
while read -r _ role username; do
  SESSION[$role]=$(login "$username")
  say "logged in as $role $username"
done < <(grep '^user ' "$WORK/targets.txt")

RESULTS="$WORK/results.txt"
: > "$RESULTS"
measure() {  # name role kind path
  local session=""
  [ "$2" = - ] || session=${SESSION[$2]}
  local code
  code=$(curl -sS -o /dev/null -w '%{http_code}' -b "sessionid=$session" "$BASE$4")
  [ "$code" = 200 ] || { echo "$1 ($4) answers $code" >&2; exit 1; }
  BENCH_SESSION=$session wrk -t2 -c"$CONNECTIONS" -d3s --timeout 30s -s bench/page.lua "$BASE$4" >/dev/null
  local line
  line=$(BENCH_SESSION=$session wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --timeout 30s \
    -s bench/page.lua "$BASE$4" | grep '^RESULT')
  echo "$1 $3 $4 $line" >> "$RESULTS"
  say "$1: $line"
}

say "wrk: $CONNECTIONS connections, ${SECONDS_EACH}s per page after a 3 s warm-up"
measure health - baseline /health/
while read -r _ name role kind path; do
  measure "$name" "$role" "$kind" "$path"
done < <(grep '^page ' "$WORK/targets.txt")
measure health-again - baseline /health/

kill $GUNICORN_PID; wait $GUNICORN_PID 2>/dev/null || true
trap - EXIT

say "each page alone, in-process (median of 5, Python CPU, queries)"
: > "$WORK/inprocess.txt"
while read -r _ name role kind path; do
  username=$(awk -v r="$role" '$1=="user" && $2==r {print $3}' "$WORK/targets.txt")
  echo "$name $($PY bench/profile_page.py "$username" "$path" --runs 5 --no-profile 2>/dev/null | head -1)" \
    | tee -a "$WORK/inprocess.txt"
done < <(grep '^page ' "$WORK/targets.txt")

say "exports and their memory (in-process)"
$PY bench/exports.py "$WORK/targets.txt" | tee "$WORK/exports.txt"

$PY bench/summarize.py "$WORK" --workers "$WORKERS" --seconds "$SECONDS_EACH" \
  --connections "$CONNECTIONS" --generate "$STAMP"
