#!/usr/bin/env bash
# Lighthouse (mobile: a mid-range phone, simulated slow 4G and 4x slower CPU) over the ten main
# pages of the demo, as the people who use them: the secretary of 龙虎塘第二实验小学党支部 for nine,
# the 新北区 reviewer for the district overview. Prints the accessibility, best-practices and
# performance scores of each page (and what failed), and the machine's load before and after.
#
#   bench/lighthouse.sh              # scores of the ten pages; JSON reports in var/lighthouse/
#   LIGHTHOUSE_PAGES=overview bench/lighthouse.sh   # only the pages whose label contains "overview"
#
# The portal runs as in production (DEBUG off, hashed and compressed static files via whitenoise,
# gunicorn) on an SQLite database of its own under var/lighthouse/, filled by `load_demo`.
# Lighthouse comes from npm (`lighthouse@12`) into var/lighthouse/node_modules (not committed;
# installed on first use) and drives Debian's chromium (CHROME_PATH, default /usr/bin/chromium).
# Targets (issue 15): accessibility >= 98 and best practices 100 on every page, performance
# >= 80 on the district overview.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${LIGHTHOUSE_PORT:-18790}
WORK=var/lighthouse
PY=.venv/bin/python
BASE="http://127.0.0.1:$PORT"
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
. bench/lib.sh
mkdir -p "$WORK/reports"

if [ ! -x "$WORK/node_modules/.bin/lighthouse" ]; then
  say "installing lighthouse@12 into $WORK/node_modules"
  npm install --prefix "$WORK" --no-audit --no-fund --silent lighthouse@12
fi
LIGHTHOUSE="$WORK/node_modules/.bin/lighthouse"

export DATABASE_URL="sqlite:///$PWD/$WORK/db.sqlite3"
export DJANGO_DEBUG=0 SECRET_KEY="lighthouse-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1 STATIC_ROOT="$PWD/$WORK/static" STATIC_MANIFEST=1
export MEDIA_ROOT="$PWD/$WORK/uploads" LOG_LEVEL=WARNING AXES_FAILURE_LIMIT=1000

say "migrate, demo data, collectstatic"
$PY manage.py migrate --noinput -v0
$PY manage.py load_demo >/dev/null
$PY manage.py collectstatic --noinput -v0

if port_in_use "$PORT"; then
  echo "port $PORT is already in use: set LIGHTHOUSE_PORT to a free port" >&2; exit 2
fi
GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_ACCESSLOG=/dev/null GUNICORN_LOGLEVEL=warning \
  WEB_CONCURRENCY=${LIGHTHOUSE_WORKERS:-2} \
  .venv/bin/gunicorn -c deploy/gunicorn.conf.py portal.wsgi 2>"$WORK/gunicorn.log" &
GUNICORN_PID=$!
trap 'kill $GUNICORN_PID 2>/dev/null; wait $GUNICORN_PID 2>/dev/null || true' EXIT
wait_http "$BASE/health/" || { echo "gunicorn did not start:" >&2; cat "$WORK/gunicorn.log" >&2; exit 1; }

SECRETARY=$(portal_login "$BASE" sec_longhutang demo2026 "$WORK/cookies-secretary.txt")
REVIEWER=$(portal_login "$BASE" reviewer_xinbei demo2026 "$WORK/cookies-reviewer.txt")
read -r ORG MEMBER ACTIVITY REPORT < <(demo_ids)
DISTRICT=$($PY manage.py shell --no-imports -c "
from branches.models import Organization
print(Organization.objects.get(pk=$ORG).school.district_id)" 2>/dev/null)

# label  role  path
PAGES="home        secretary /
organization        secretary /org/$ORG/
roster              secretary /org/$ORG/members/
member              secretary /members/$MEMBER/
filing-form         secretary /org/$ORG/activities/new/committee_meeting/
activity            secretary /activities/$ACTIVITY/
calendar            secretary /org/$ORG/calendar/
ledger              secretary /org/$ORG/ledger/
report              secretary /reports/$REPORT/
overview            reviewer  /districts/$DISTRICT/overview/"

say "machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
while read -r label role path; do
  case "$label" in *${LIGHTHOUSE_PAGES:-}*) ;; *) continue ;; esac
  if [ "$role" = reviewer ]; then session=$REVIEWER; else session=$SECRETARY; fi
  code=$(curl -sS -o /dev/null -w '%{http_code}' -b "sessionid=$session" "$BASE$path")
  [ "$code" = 200 ] || { echo "$label: $path answered $code" >&2; exit 1; }
  say "lighthouse $label ($path)"
  "$LIGHTHOUSE" "$BASE$path" --quiet \
    --only-categories=performance,accessibility,best-practices \
    --extra-headers="{\"Cookie\": \"sessionid=$session\"}" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --lang=zh-CN" \
    --output=json --output-path="$WORK/reports/$label.json" || echo "lighthouse failed on $label" >&2
done <<< "$PAGES"
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

$PY - "$WORK/reports" <<'EOF'
import json
import sys
from pathlib import Path

CATEGORIES = (("accessibility", "a11y"), ("best-practices", "best"), ("performance", "perf"))
print(f"{'page':<14}" + "".join(f"{short:>6}" for _, short in CATEGORIES) + f"{'FCP s':>7}{'LCP s':>7}{'TBT ms':>8}{'kB':>6}")
for path in sorted(Path(sys.argv[1]).glob("*.json"), key=lambda p: p.stat().st_mtime):
    report = json.loads(path.read_text())
    audits = report["audits"]
    scores = [report["categories"][key]["score"] for key, _ in CATEGORIES]
    metric = lambda key: audits[key].get("numericValue") or 0  # noqa: E731
    print(
        f"{path.stem:<14}"
        + "".join(f"{round(s * 100) if s is not None else '-':>6}" for s in scores)
        + f"{metric('first-contentful-paint') / 1000:>7.1f}{metric('largest-contentful-paint') / 1000:>7.1f}"
        + f"{metric('total-blocking-time'):>8.0f}{metric('total-byte-weight') / 1024:>6.0f}"
    )
    for key in ("accessibility", "best-practices"):
        for ref in report["categories"][key]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                print(f"    {key}: {ref['id']} ({audit['title']})")
EOF
