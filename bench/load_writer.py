"""Writer loop for bench/load.sh: adds party groups through the admin, records confirmed saves.

A save counts as confirmed only when the portal answered with the admin's success redirect. Runs
for at most --seconds (and --max requests), only against the loopback address it is given.
Usage: load_writer.py BASE_URL USERNAME PASSWORD ORG_ID --seconds 60 --out writer.json
"""

import argparse
import http.cookiejar
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("username")
    parser.add_argument("password")
    parser.add_argument("organization")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max", type=int, default=5000)
    parser.add_argument("--pause", type=float, default=0.05)
    parser.add_argument("--timeout", type=float, default=10, help="seconds to wait for an answer")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    host = urllib.parse.urlsplit(args.base).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("load_writer only talks to the loopback address")

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def csrf_token():
        return next(c.value for c in jar if c.name == "csrftoken")

    def post(path, data):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": csrf_token()}).encode()
        request = urllib.request.Request(
            args.base + path, data=body, headers={"Referer": args.base + path}
        )
        try:
            with opener.open(request, timeout=args.timeout) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    opener.open(args.base + "/accounts/login/", timeout=args.timeout).read()
    status = post("/accounts/login/", {"username": args.username, "password": args.password})
    assert status == 302, f"login failed: {status}"
    add_path = "/admin/branches/partygroup/add/"
    page = opener.open(args.base + add_path, timeout=args.timeout).read().decode()
    assert re.search(r'name="name"', page), "admin add form not found"
    print("WRITER ready", flush=True)  # logged in: bench/scaleout.sh starts its load now

    confirmed, failed = [], []
    start = time.time()
    for i in range(args.max):
        now = time.time()
        if now - start > args.seconds:
            break
        name = f"load-{int(start)}-{os.getpid()}-{i}"  # unique across writers run together
        try:
            status = post(add_path, {"name": name, "organization": args.organization, "_save": "1"})
        except (urllib.error.URLError, OSError) as error:
            status = f"error: {error}"
        if status == 302:
            confirmed.append(name)
        else:
            # t: when the answer came (requests may wait in gunicorn's queue for a while).
            failed.append(
                {
                    "sent": round(now, 3),
                    "t": round(time.time(), 3),
                    "name": name,
                    "status": str(status),
                }
            )
        time.sleep(args.pause)
    result = {"confirmed": confirmed, "failed": failed, "started": start, "ended": time.time()}
    with open(args.out, "w") as handle:
        json.dump(result, handle)
    print(
        f"WRITER confirmed={len(confirmed)} failed={len(failed)} "
        f"first_failure={failed[0]['t'] if failed else 0} "
        f"last_failure={failed[-1]['t'] if failed else 0}"
    )


if __name__ == "__main__":
    main()
