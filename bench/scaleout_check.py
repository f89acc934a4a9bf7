"""Checks of bench/scaleout.sh across two app servers: a session, an upload, the login lockout.

Usage: scaleout_check.py URL_1 URL_2   (each app server on its own port, not through nginx)

Runs in the portal's environment, so Django here reads the same database, cache and bucket as
the app servers do. Talks only to loopback addresses. Prints one line per check, then PASS or FAIL.
"""

import hashlib
import io
import os
import random
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import django
import requests

PASSWORD = "demo2026"
SESSION_USER, UPLOAD_BRANCH = "sec_jiaze", "嘉泽中心小学党支部"
LOCKOUT_USER = "sec_xinhua"


class Forms(HTMLParser):
    """The forms of a page with the values a browser would submit (file inputs left out)."""

    def __init__(self):
        super().__init__()
        self.forms, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": [], "files": []})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input":
            kind, name = attrs.get("type", "text"), attrs.get("name")
            if not name or kind in {"submit", "button", "reset", "image"}:
                return
            if kind == "file":
                self.forms[-1]["files"].append(name)
            elif kind not in {"checkbox", "radio"} or "checked" in attrs:
                fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = {"name": attrs.get("name"), "first": None, "chosen": False}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                fields.append((self._select["name"], value))
                self._select["chosen"] = True
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            select = self._select
            if not select["chosen"] and select["first"] is not None:
                self.forms[-1]["fields"].append((select["name"], select["first"]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.forms[-1]["fields"].append((name, text.removeprefix("\n")))
            self._textarea = None


def login(base, username, password=PASSWORD, client=None):
    client = client or requests.Session()
    client.get(f"{base}/accounts/login/", timeout=10)
    response = client.post(
        f"{base}/accounts/login/",
        data={
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
            "username": username,
            "password": password,
        },
        allow_redirects=False,
        timeout=10,
    )
    return client, response.status_code


def check_session(one, two):
    from django.conf import settings
    from django.core.cache import cache

    client, status = login(one, SESSION_USER)
    session = client.cookies["sessionid"]
    # A fresh client that has only the cookie, sent to the other server.
    answer = requests.get(
        f"{two}/", cookies={"sessionid": session}, allow_redirects=False, timeout=10
    )
    from django.contrib.auth import get_user_model

    name = get_user_model().objects.get(username=SESSION_USER).display_name
    logged_in = answer.status_code == 200 and name in answer.text
    engine = settings.SESSION_ENGINE.rsplit(".", 1)[-1]
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX

    in_cache = cache.get(KEY_PREFIX + session) is not None
    print(
        f"session: logged in as {SESSION_USER} through app server 1 ({status}); with that cookie "
        f"app server 2 answers / with {answer.status_code}, "
        f"{'logged in' if logged_in else 'NOT logged in'}; session engine {engine}, "
        f"session {'in' if in_cache else 'NOT in'} Redis"
    )
    return status == 302 and logged_in and in_cache


def png(seed):
    from PIL import Image

    noise = random.Random(seed)
    image = Image.new("RGB", (64, 64))
    image.putdata([tuple(noise.randrange(256) for _ in range(3)) for _ in range(64 * 64)])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def check_upload(one, two):
    from django.conf import settings

    from branches.models import Activity, Attachment

    activity = (
        Activity.objects.filter(organization__name=UPLOAD_BRANCH, status=Activity.Status.HELD)
        .order_by("-date", "-pk")
        .first()
    )
    client, _ = login(one, SESSION_USER)
    edit = f"{one}/activities/{activity.pk}/edit/"
    page = client.get(edit, timeout=10)
    parser = Forms()
    parser.feed(page.text)
    form = next(f for f in parser.forms if f["files"])
    content = png(activity.pk)
    before = set(activity.attachments.values_list("pk", flat=True))
    saved = client.post(
        urljoin(edit, form["attrs"].get("action") or edit),
        data=form["fields"],
        files={form["files"][0]: ("scaleout.png", content, "image/png")},
        headers={"Referer": edit},
        allow_redirects=False,
        timeout=30,
    )
    new = Attachment.objects.filter(activity=activity).exclude(pk__in=before).order_by("pk").last()
    if saved.status_code != 302 or new is None:
        print(f"upload: FAILED, app server 1 answered {saved.status_code}, nothing saved")
        return False
    download = requests.get(
        f"{two}/attachments/{new.pk}/",
        cookies={"sessionid": client.cookies["sessionid"]},
        timeout=30,
    )
    same = download.status_code == 200 and download.content == content
    storage = new.file.storage
    in_bucket = storage.exists(new.file.name)
    local = [p for p in Path(os.environ["MEDIA_ROOT"]).rglob("*") if p.is_file()]
    print(
        f"upload: a {len(content)}-byte PNG added to record {activity.pk} through app server 1 "
        f"({saved.status_code}); attachment {new.pk} through app server 2: {download.status_code}, "
        f"{'the same bytes' if same else 'DIFFERENT bytes'} "
        f"(sha256 {hashlib.sha256(download.content).hexdigest()[:12]}); "
        f"{settings.STORAGES['default']['BACKEND'].rsplit('.', 1)[-1]} bucket {storage.bucket_name}: "
        f"{storage.location}/{new.file.name} {'present' if in_bucket else 'MISSING'}; "
        f"files on the app servers' disk: {len(local)}"
    )
    return same and in_bucket and not local


def check_lockout(one, two):
    from axes.models import AccessAttempt
    from django.conf import settings

    limit = settings.AXES_FAILURE_LIMIT
    client = requests.Session()
    client.get(f"{one}/accounts/login/", timeout=10)
    servers = [one if i % 2 == 0 else two for i in range(limit)]
    statuses = [login(base, LOCKOUT_USER, "wrong-password", client)[1] for base in servers]
    counted = sum(
        AccessAttempt.objects.filter(username=LOCKOUT_USER).values_list(
            "failures_since_start", flat=True
        )
    )
    right = {
        n: login(base, LOCKOUT_USER, PASSWORD, requests.Session())[1]
        for n, base in ((1, one), (2, two))
    }
    print(
        f"lockout: {limit} wrong passwords for {LOCKOUT_USER}, "
        f"{servers.count(one)} through app server 1 and {servers.count(two)} through app server 2, "
        f"answered {statuses}; failures counted: {counted}; then the right password: "
        f"app server 1 {right[1]}, app server 2 {right[2]} (429 = locked out)"
    )
    return counted == limit and statuses[-1] == 429 and right == {1: 429, 2: 429}


def main():
    one, two = sys.argv[1:3]
    for url in (one, two):
        if urlsplit(url).hostname not in {"127.0.0.1", "localhost", "::1"}:
            raise SystemExit("scaleout_check only talks to loopback addresses")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    django.setup()
    results = [check(one, two) for check in (check_session, check_upload, check_lockout)]
    print("PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
