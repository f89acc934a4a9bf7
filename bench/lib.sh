# Shell helpers shared by bench/load.sh and bench/scaleout.sh (sourced, not run).

say() { printf '== %s %s\n' "$(date +%H:%M:%S)" "$*"; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port START: the first port from START on that nothing listens on.
free_port() {
  local port=$1
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}

# wait_http URL [TRIES]: until URL answers 2xx (0.5 s apart).
wait_http() {
  local _
  for _ in $(seq 1 "${2:-60}"); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

# portal_login BASE USERNAME PASSWORD JAR: log in through the login form like a browser and print
# the session cookie's value.
portal_login() {
  local base=$1 jar=$4 status
  rm -f "$jar"
  curl -fsS -c "$jar" -b "$jar" -o /dev/null "$base/accounts/login/"
  status=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
    -H "Referer: $base/accounts/login/" \
    --data-urlencode "csrfmiddlewaretoken=$(awk '$6=="csrftoken"{print $7}' "$jar")" \
    --data-urlencode "username=$2" --data-urlencode "password=$3" "$base/accounts/login/")
  [ "$status" = 302 ] || { echo "login as $2 failed ($status)" >&2; return 1; }
  awk '$6=="sessionid"{print $7}' "$jar"
}

# demo_ids: the demo branch 龙虎塘第二实验小学党支部's id and the ids of its first member,
# activity record and report (0 when it has none), from the database the environment names.
demo_ids() {
  .venv/bin/python manage.py shell --no-imports -c "
from branches.models import Organization
org = Organization.objects.get(name='龙虎塘第二实验小学党支部')
def first(name):
    rel = getattr(org, name, None)
    obj = rel.order_by('pk').first() if rel is not None else None
    return obj.pk if obj else 0
print(org.pk, first('members'), first('activities'), first('reports'))
" 2>/dev/null
}

# main_pages BASE SESSION OUT: the portal's main pages as the demo branch's secretary sees them,
# one path per line into OUT (those that answer 200).
main_pages() {
  local base=$1 session=$2 out=$3 org member activity report path code
  read -r org member activity report < <(demo_ids)
  : > "$out"
  for path in / "/org/$org/" "/org/$org/members/" "/members/$member/" "/org/$org/ledger/" \
    "/org/$org/calendar/" "/activities/$activity/" "/org/$org/committees/" \
    "/org/$org/honours/" "/reports/" "/org/$org/reports/" "/reports/$report/"; do
    code=$(curl -sS -o /dev/null -w '%{http_code}' -b "sessionid=$session" "$base$path")
    if [ "$code" = 200 ]; then echo "$path" >> "$out"; else say "skipping $path ($code)"; fi
  done
}

# wait_writer OUT: until bench/load_writer.py, writing to OUT, has logged in (at most 60 s).
wait_writer() {
  local _
  for _ in $(seq 1 120); do grep -q '^WRITER ready' "$1" && return 0; sleep 0.5; done
  echo "the writer could not log in" >&2
  return 1
}
