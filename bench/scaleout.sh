#!/usr/bin/env bash
# Scale-out on one machine, loopback only: two gunicorn app servers behind nginx, PgBouncer
# (transaction pooling) in front of PostgreSQL, Redis for the cache and sessions, uploads in
# S3-compatible storage (moto in server mode standing in for MinIO or a cloud bucket). The portal
# runs with its production settings, configured only through the environment (DEPLOY.md, 6).
#
#   bench/scaleout.sh                      # the checks, then 64 connections x 40 s through nginx
#   SCALEOUT_SECONDS=10 SCALEOUT_KILL_AFTER=4 SCALEOUT_CONNECTIONS=4 bench/scaleout.sh   # smoke run
#
# It shows, and fails unless:
#  1. a session logged in through app server 1 works through app server 2;
#  2. a file uploaded through app server 1 downloads byte for byte through app server 2, from the
#     bucket (nothing is written to the app servers' disk);
#  3. the login lockout (django-axes) counts wrong passwords sent to both servers together;
#  4. under load through nginx (wrk on the main pages, bench/load.lua, and writers adding records
#     through the admin, bench/load_writer.py), killing app server 2 (SIGKILL of its master and
#     workers) fails only the requests it had in flight: nginx passes the rest to app server 1,
#     and every save the portal confirmed is in the database (bench/check_window.py);
#  5. app server 2, started again, takes requests again.
#
# Everything is its own: database $SCALEOUT_DB ("scaleout") on the PostgreSQL at 127.0.0.1:5432,
# a Redis, PgBouncer, moto, two gunicorns and nginx on free ports from $SCALEOUT_PORT (18800) on,
# files under var/scaleout/. All are stopped on exit. Installs what is missing (Debian's nginx,
# pgbouncer, wrk, redis-server; moto from the dev extras via `make install`). Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${SCALEOUT_DB:-scaleout}
SECONDS_TOTAL=${SCALEOUT_SECONDS:-40}
KILL_AFTER=${SCALEOUT_KILL_AFTER:-15}
CONNECTIONS=${SCALEOUT_CONNECTIONS:-64}
WORKERS=${SCALEOUT_WORKERS:-3}
POOL_SIZE=${SCALEOUT_POOL_SIZE:-4}
# How long wrk and the writer wait for an answer: 64 connections on a busy 2-core machine queue
# for seconds; a slow answer is reported in the latencies, not counted as a failure of failover.
TIMEOUT=${SCALEOUT_TIMEOUT:-30}
WRITERS=${SCALEOUT_WRITERS:-4}
PG_HOST=127.0.0.1
PG_PORT=${SCALEOUT_PG_PORT:-5432}
WORK=$PWD/var/scaleout
PY=.venv/bin/python

case "$DB" in test|test_*|postgres|template*) echo "refusing to use the database '$DB'" >&2; exit 2 ;; esac
[ "$KILL_AFTER" -lt "$SECONDS_TOTAL" ] || { echo "SCALEOUT_KILL_AFTER must be below SCALEOUT_SECONDS" >&2; exit 2; }
. bench/lib.sh

# --- prerequisites -------------------------------------------------------------------------------
missing=()
for tool in nginx:nginx pgbouncer:pgbouncer wrk:wrk redis-server:redis-server curl:curl \
  psql:postgresql-client; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
make -s install >/dev/null
[ -x .venv/bin/moto_server ] || { echo "moto_server missing: make install should bring moto[server]" >&2; exit 1; }
if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
  say "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -n | tail -1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && break; sleep 1; done
fi

# --- processes of our own, all stopped on exit ---------------------------------------------------
PIDS=()
cleanup() {  # the last started first: load, nginx, app servers, then what they use
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[i]}" 2>/dev/null || true
    wait "${PIDS[i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$WORK"
mkdir -p "$WORK"/{nginx,pgbouncer,redis,local-uploads}
PORT=${SCALEOUT_PORT:-18800}
NGINX_PORT=$(free_port "$PORT")
APP_PORT[1]=$(free_port $((NGINX_PORT + 1)))
APP_PORT[2]=$(free_port $((APP_PORT[1] + 1)))
PGB_PORT=$(free_port $((APP_PORT[2] + 1)))
REDIS_PORT=$(free_port $((PGB_PORT + 1)))
MOTO_PORT=$(free_port $((REDIS_PORT + 1)))
BASE="http://127.0.0.1:$NGINX_PORT"
APP_URL[1]="http://127.0.0.1:${APP_PORT[1]}"
APP_URL[2]="http://127.0.0.1:${APP_PORT[2]}"

say "Redis on $REDIS_PORT, moto (S3) on $MOTO_PORT"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
  --dir "$WORK/redis" --logfile "$WORK/redis/redis.log" &
PIDS+=($!)
.venv/bin/moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
PIDS+=($!)

say "database $DB and PgBouncer (transaction pooling) on $PGB_PORT"
psql -h "$PG_HOST" -p "$PG_PORT" -U root -X -q -d postgres \
  -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\""
cat > "$WORK/pgbouncer/pgbouncer.ini" <<EOF
[databases]
$DB = host=$PG_HOST port=$PG_PORT dbname=$DB
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGB_PORT
unix_socket_dir =
auth_type = trust
auth_file = $WORK/pgbouncer/userlist.txt
admin_users = root
pool_mode = transaction
max_client_conn = 200
default_pool_size = $POOL_SIZE
logfile = $WORK/pgbouncer/pgbouncer.log
pidfile = $WORK/pgbouncer/pgbouncer.pid
EOF
echo '"root" ""' > "$WORK/pgbouncer/userlist.txt"
chown -R postgres "$WORK/pgbouncer"   # PgBouncer refuses to run as root: -u postgres
pgbouncer -u postgres "$WORK/pgbouncer/pgbouncer.ini" 2>"$WORK/pgbouncer-stderr.log" &
PIDS+=($!)
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$PGB_PORT" -d "$DB" && break; sleep 0.5; done
pg_isready -q -h 127.0.0.1 -p "$PGB_PORT" -d "$DB" || {
  echo "PgBouncer did not start:" >&2; cat "$WORK"/pgbouncer-stderr.log "$WORK"/pgbouncer/*.log >&2; exit 1; }

export DIRECT_DATABASE_URL="postgres://root@$PG_HOST:$PG_PORT/$DB"
export DATABASE_URL="postgres://root@127.0.0.1:$PGB_PORT/$DB" DB_TRANSACTION_POOLING=1
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export MEDIA_STORAGE=s3 S3_BUCKET=portal-uploads S3_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT" \
  S3_REGION=us-east-1 S3_ACCESS_KEY_ID=scaleout S3_SECRET_ACCESS_KEY=scaleout
export DJANGO_DEBUG=0 SECRET_KEY="scaleout-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1 DJANGO_BEHIND_PROXY=1 STATIC_ROOT="$WORK/static" STATIC_MANIFEST=1
export MEDIA_ROOT="$WORK/local-uploads" LOG_LEVEL=WARNING DB_CONN_MAX_AGE=60
# The production defaults, whatever the calling shell says: the lockout after 5 wrong passwords,
# sessions cached_db (from REDIS_URL).
export AXES_FAILURE_LIMIT=5
unset SESSION_ENGINE

wait_http "http://127.0.0.1:$MOTO_PORT/" || { echo "moto did not start" >&2; cat "$WORK/moto.log" >&2; exit 1; }
$PY -c "
import os, boto3
boto3.client('s3', endpoint_url=os.environ['S3_ENDPOINT_URL'], region_name=os.environ['S3_REGION'],
             aws_access_key_id='scaleout', aws_secret_access_key='scaleout'
             ).create_bucket(Bucket=os.environ['S3_BUCKET'])"

say "migrate (straight to PostgreSQL), demo data and collectstatic (through PgBouncer)"
DATABASE_URL=$DIRECT_DATABASE_URL $PY manage.py migrate --noinput -v0
$PY manage.py load_demo >/dev/null
$PY manage.py collectstatic --noinput -v0

# PgBouncer's view: clients (the app servers' connections) and server connections to PostgreSQL.
pgbouncer_show() {  # WHAT: PgBouncer's SHOW WHAT for our database, as name=value pairs
  psql -h 127.0.0.1 -p "$PGB_PORT" -U root -X -A -F' ' -d pgbouncer -c "SHOW $1" \
    | awk -v db="$DB" 'NR==1 {split($0, names); next} $1==db {for (i = 2; i <= NF; i++) printf "%s=%s ", names[i], $i; print ""}'
}
pools() {
  pgbouncer_show POOLS | tr ' ' '\n' | awk -F= '{v[$1]=$2} END {printf "clients active %s, waiting %s; server connections active %s, idle %s, used %s; longest wait %.3f s\n", v["cl_active"], v["cl_waiting"], v["sv_active"], v["sv_idle"], v["sv_used"], v["maxwait"] + v["maxwait_us"] / 1e6}'
}

# --- two app servers and nginx -------------------------------------------------------------------
start_app() {  # N: app server N on APP_PORT[N]
  GUNICORN_BIND="127.0.0.1:${APP_PORT[$1]}" WEB_CONCURRENCY=$WORKERS GUNICORN_LOGLEVEL=warning \
    GUNICORN_ACCESSLOG="$WORK/app$1-access.log" \
    .venv/bin/gunicorn -c deploy/gunicorn.conf.py portal.wsgi 2>>"$WORK/app$1.log" &
  APP_PID[$1]=$!
  PIDS+=($!)
  wait_http "${APP_URL[$1]}/health/" || { echo "app server $1 did not start:" >&2; cat "$WORK/app$1.log" >&2; exit 1; }
}
start_app 1
start_app 2
say "app servers: 1 on ${APP_PORT[1]}, 2 on ${APP_PORT[2]} ($WORKERS gunicorn workers each)"

# The upstream block and proxy settings of deploy/nginx.conf, on plain HTTP and loopback.
cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    log_format scaleout '\$msec \$status "\$upstream_addr" \$request_time "\$upstream_status" \$request_method \$request_uri';
    access_log $WORK/nginx/access.log scaleout;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;

    upstream portal_app {
        server 127.0.0.1:${APP_PORT[1]} max_fails=1 fail_timeout=10s;
        server 127.0.0.1:${APP_PORT[2]} max_fails=1 fail_timeout=10s;
        keepalive 16;
    }
    limit_req_zone \$binary_remote_addr zone=portal_login:10m rate=10r/m;

    server {
        listen 127.0.0.1:$NGINX_PORT;
        client_max_body_size 20m;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host \$host;
        proxy_set_header X-Forwarded-Proto \$scheme;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        proxy_set_header X-Real-IP \$remote_addr;
        proxy_redirect off;
        proxy_connect_timeout 2s;
        proxy_read_timeout 60s;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 2;

        location = /accounts/login/ {
            limit_req zone=portal_login burst=10 nodelay;
            proxy_pass http://portal_app;
        }
        location / {
            proxy_pass http://portal_app;
        }
    }
}
EOF
nginx -t -q -e "$WORK/nginx/error.log" -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf"
nginx -e "$WORK/nginx/error.log" -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf" &
PIDS+=($!)
wait_http "$BASE/health/" || { echo "nginx did not start:" >&2; cat "$WORK/nginx/error.log" >&2; exit 1; }
say "nginx on $BASE in front of both"

# --- 1-3: a session, an upload and the lockout across the two servers ---------------------------
say "checks across the two app servers"
$PY bench/scaleout_check.py "${APP_URL[1]}" "${APP_URL[2]}" | tee "$WORK/checks.txt" || true

# --- 4: load through nginx, app server 2 killed during it -----------------------------------------
SESSION=$(portal_login "$BASE" sec_longhutang demo2026 "$WORK/cookies.txt")
read -r ORG _ < <(demo_ids)
main_pages "$BASE" "$SESSION" "$WORK/paths.txt"
say "pages: $(tr '\n' ' ' < "$WORK/paths.txt")"
: > "$WORK/nginx/access.log"
for n in 1 2; do : > "$WORK/app$n-access.log"; done
say "load $(uptime | sed 's/.*load average/load average/') before it"
say "wrk: $CONNECTIONS connections for ${SECONDS_TOTAL}s through nginx + $WRITERS writers (admin adds party groups); app server 2 killed after ${KILL_AFTER}s"
WRITER_PIDS=(); WRITER_FILES=()
for n in $(seq 1 "$WRITERS"); do
  WRITER_FILES+=(--writer "$WORK/writer$n.json")
  $PY bench/load_writer.py "$BASE" admin demo2026 "$ORG" --seconds "$SECONDS_TOTAL" \
    --timeout "$TIMEOUT" --out "$WORK/writer$n.json" > "$WORK/writer$n.txt" &
  WRITER_PIDS+=($!)
  PIDS+=($!)
done
for n in $(seq 1 "$WRITERS"); do wait_writer "$WORK/writer$n.txt"; done
LOAD_SESSION="$SESSION" LOAD_PATHS="$WORK/paths.txt" wrk -t2 -c"$CONNECTIONS" \
  -d"${SECONDS_TOTAL}s" --timeout "${TIMEOUT}s" -s bench/load.lua "$BASE" > "$WORK/wrk.txt" &
WRK_PID=$!
PIDS+=($!)
sleep $((KILL_AFTER - 1))
pools > "$WORK/pools-during.txt"
sleep 1
disown "${APP_PID[2]}"   # no "Killed" notice from the shell
VICTIMS="${APP_PID[2]} $(pgrep -P "${APP_PID[2]}" | tr '\n' ' ')"
KILL_START=$(date +%s.%N)
# A machine dying: the master and every worker at once, no graceful shutdown.
# shellcheck disable=SC2086
kill -KILL $VICTIMS
KILL_END=$(date +%s.%N)
say "killed app server 2 (gunicorn master ${APP_PID[2]} and its workers)"
wait "$WRK_PID"
for pid in "${WRITER_PIDS[@]}"; do wait "$pid"; done
say "load $(uptime | sed 's/.*load average/load average/') after it"
cat "$WORK/wrk.txt"
grep -h '^WRITER confirmed' "$WORK"/writer*.txt
HEALTH=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/health/")
for n in 1 2; do SERVED[$n]=$(wc -l < "$WORK/app$n-access.log"); done
say "requests answered: app server 1 ${SERVED[1]}, app server 2 ${SERVED[2]} (until it was killed)"
RESULT=0
DATABASE_URL=$DIRECT_DATABASE_URL $PY bench/check_window.py --wrk "$WORK/wrk.txt" \
  "${WRITER_FILES[@]}" --start "$KILL_START" --end "$KILL_END" --health "$HEALTH" \
  --what "app server 2 killed" --nginx-log "$WORK/nginx/access.log" \
  --failed-server "127.0.0.1:${APP_PORT[2]}" --in-flight-only || RESULT=1
say "PgBouncer (pool of ${POOL_SIZE} server connections) one second before the kill:"
cat "$WORK/pools-during.txt"
say "PgBouncer totals: $(pgbouncer_show STATS | tr ' ' '\n' | awk -F= '{v[$1]=$2} END {printf "%s transactions, %s queries, %.1f s waited for a server connection in all", v["total_xact_count"], v["total_query_count"], v["total_wait_time"] / 1e6}')"

# --- 5: app server 2 comes back ------------------------------------------------------------------
: > "$WORK/app2-access.log"   # it is down: nothing writes to it now
start_app 2
STARTED=$(date +%s.%N)
SENT=0
served_home() { grep -c '"GET / HTTP' "$WORK/app2-access.log" || true; }  # not /health/
while [ "$(served_home)" = 0 ] && [ "$SENT" -lt 120 ]; do
  curl -fsS -o /dev/null -b "sessionid=$SESSION" "$BASE/" || RESULT=1
  SENT=$((SENT + 1)); sleep 0.25
done
BACK=$(served_home)
say "app server 2 started again: once it answered its health check, nginx sent it a page $(awk -v a="$(date +%s.%N)" -v b="$STARTED" 'BEGIN {printf "%.1f", a - b}') s later (after $SENT requests through nginx, every one answered)"
[ "$BACK" -gt 0 ] || RESULT=1

if [ "$RESULT" = 0 ] && grep -q '^PASS' "$WORK/checks.txt"; then
  say "PASS: scale-out"
else
  say "FAIL: scale-out"; exit 1
fi
