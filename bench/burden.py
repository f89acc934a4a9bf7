"""Filing burden at phone speed (issue 14): how many interactions the common records take.

Playwright drives Debian's chromium at 390x844 with touch, logs in as a demo secretary and files
each scenario below by the shortest path the pages show, from the home page to the saved record.
Every click, tap, fill, select and check/uncheck counts as one interaction; logging in and reading
do not. Prints a table (scenario, interactions, target, seconds).

    .venv/bin/python bench/burden.py                # fresh demo in var/burden.sqlite3, own server
    .venv/bin/python bench/burden.py --url http://127.0.0.1:8000 --user sec_jiaze  # a running one

The same scenarios run in tests/e2e/test_filing_burden.py against the test cast, which asserts
the saved records and these counts. Seconds are the machine's (page loads and saves), not a
person's typing time.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOPIC = re.compile(r"^\s*主题\s*\*?\s*$")  # the label, with crispy's mark of a required field
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
TARGETS = {
    "committee": 6,
    "theme_day": 8,
    "volunteer": 9,
    "study": 5,
    "complete_plan": 5,
}
LABELS = {
    "committee": "支部委员会会议，支委全部出席，主题 + 一项决议",
    "theme_day": "主题党日，2 人缺席（病假、事假）",
    "volunteer": "志愿服务，3 人参加，其中 1 人时长不同",
    "study": "集中学习，全员出席，2 学时",
    "complete_plan": "计划的主题党日登记开展情况，1 人缺席",
}


class Counted:
    """Wraps a Playwright page: every user action through it is counted."""

    def __init__(self, page, before_save=None):
        self.page = page
        self.count = 0
        self.before_save = before_save  # e.g. a screenshot of the filled form (not counted)

    def _one(self):
        self.count += 1

    def tap(self, locator):
        self._one()
        locator.click()

    def fill(self, locator, value):
        self._one()
        locator.fill(value)

    def select(self, locator, label):
        self._one()
        locator.select_option(label=label)

    def check(self, locator):
        self._one()
        locator.check()

    def uncheck(self, locator):
        self._one()
        locator.uncheck()


@dataclass
class Result:
    scenario: str
    interactions: int
    seconds: float
    record_url: str
    details: dict


def _topic(text, stamp):
    return f"{text} {stamp}".strip()


def _names(page):
    return page.locator(".activity-attendee").evaluate_all(
        "items => items.map(item => item.dataset.name)"
    )


def _start_kind(act, kind_label):
    """Home -> 登记活动 (the to-do's button) -> the kind's 登记."""
    page = act.page
    act.tap(page.locator(".activity-todo").get_by_role("link", name="登记活动").first)
    card = page.locator(".card", has=page.get_by_text(kind_label, exact=True))
    # The link reads 登记 with the kind as hidden context for screen readers (登记支部委员会会议).
    act.tap(card.get_by_role("link", name=re.compile(r"^登记")))
    page.locator("form.activity-form.js-ready").wait_for()


def _save(act):
    if act.before_save:
        act.before_save(act.page)
    act.tap(act.page.get_by_role("button", name="保存"))
    act.page.locator(".activity-facts").wait_for()


def committee(act, stamp):
    page = act.page
    _start_kind(act, "支部委员会会议")
    act.fill(page.get_by_label(TOPIC), _topic("研究主题党日安排", stamp))
    act.fill(page.get_by_label("议题").first, "确定下月主题党日内容")
    act.fill(page.get_by_label("决议/结果").first, "同意开展重温入党誓词活动")
    _save(act)
    return {"topic": _topic("研究主题党日安排", stamp)}


def theme_day(act, stamp):
    page = act.page
    _start_kind(act, "主题党日")
    act.fill(page.get_by_label(TOPIC), _topic("重温入党誓词", stamp))
    names = _names(page)
    absent = {names[1]: "病假", names[2]: "事假"}
    for name, reason in absent.items():
        act.uncheck(page.get_by_label(name, exact=True))
        act.select(page.get_by_label(f"{name}的缺席原因"), reason)
    _save(act)
    return {"topic": _topic("重温入党誓词", stamp), "absent": absent}


def volunteer(act, stamp):
    page = act.page
    _start_kind(act, "志愿服务")
    act.fill(page.get_by_label(TOPIC), _topic("社区垃圾分类宣传", stamp))
    act.fill(page.get_by_label("每人学时/服务时长"), "2")
    names = _names(page)
    chosen = [names[0], names[len(names) // 2], names[-1]]
    for name in chosen:
        act.check(page.get_by_label(name, exact=True))
    act.fill(page.get_by_label(f"{chosen[-1]}的时长（与每人时长不同时填写）"), "3.5")
    _save(act)
    return {
        "topic": _topic("社区垃圾分类宣传", stamp),
        "chosen": chosen,
        "own_hours": {chosen[-1]: 3.5},
    }


def study(act, stamp):
    page = act.page
    _start_kind(act, "集中学习/参观学习")
    act.fill(page.get_by_label(TOPIC), _topic("学习党章", stamp))
    act.fill(page.get_by_label("每人学时/服务时长"), "2")
    _save(act)
    return {"topic": _topic("学习党章", stamp)}


def complete_plan(act, stamp):
    """The plan (made in the 年度计划 before, not counted) is on the to-do with 登记开展情况."""
    page = act.page
    topic = _topic("参观革命纪念馆", stamp)
    item = page.locator(".activity-todo .todo-planned li", has_text=topic)
    act.tap(item.get_by_role("link", name="登记开展情况"))
    page.locator("form.activity-form.js-ready").wait_for()
    names = _names(page)
    act.uncheck(page.get_by_label(names[0], exact=True))
    act.select(page.get_by_label(f"{names[0]}的缺席原因"), "公假")
    _save(act)
    return {"topic": topic, "absent": {names[0]: "公假"}}


def plan_theme_day(page, base_url, stamp):
    """Set-up of the last scenario (not counted): this month's 主题党日 in the 年度计划."""
    page.goto(base_url + "/")
    page.locator(".activity-todo").get_by_role("link", name="年度计划").first.click()
    month = page.evaluate("new Date().getMonth() + 1")
    page.locator("#id_plan-0-month").select_option(str(month))
    page.locator("#id_plan-0-kind").select_option(label="主题党日")
    page.locator("#id_plan-0-topic").fill(_topic("参观革命纪念馆", stamp))
    page.get_by_role("button", name="保存计划").click()
    page.locator(".year-plan-items").get_by_text(_topic("参观革命纪念馆", stamp)).wait_for()


SCENARIOS = {
    "committee": committee,
    "theme_day": theme_day,
    "volunteer": volunteer,
    "study": study,
    "complete_plan": complete_plan,
}


def run_scenarios(page, base_url, stamp="", screenshots=None):
    """Runs every scenario from the home page of a logged-in secretary; returns Results.
    `screenshots(page, label)`, if given, is called on each filled form and saved record."""
    results = []
    for name, scenario in SCENARIOS.items():
        if name == "complete_plan":
            plan_theme_day(page, base_url, stamp)
        page.goto(base_url + "/")
        page.locator(".activity-todo").first.wait_for()
        form_shot = (lambda p, name=name: screenshots(p, f"{name}-form")) if screenshots else None
        act = Counted(page, before_save=form_shot)
        started = time.perf_counter()
        details = scenario(act, stamp)
        seconds = time.perf_counter() - started
        if screenshots is not None:
            screenshots(page, f"{name}-saved")
        results.append(Result(name, act.count, seconds, page.url, details))
    return results


def login(page, base_url, username, password):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base_url + "/")


def table(results):
    lines = [
        "| scenario | interactions | target | seconds |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in results:
        mark = "" if r.interactions <= TARGETS[r.scenario] else " ✗"
        lines.append(
            f"| {LABELS[r.scenario]} | {r.interactions}{mark} | ≤ {TARGETS[r.scenario]} "
            f"| {r.seconds:.1f} |"
        )
    return "\n".join(lines)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _own_server():
    """A fresh demo database and a runserver on a free port; returns (url, process)."""
    db = ROOT / "var" / "burden.sqlite3"
    db.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_DEBUG": "1",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "burden-bench-only"),
    }
    python = sys.executable
    for command in (["migrate", "-v0"], ["load_demo"]):
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    port = _free_port()
    server = subprocess.Popen(
        [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return url, server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running portal with the demo data (default: start one)")
    parser.add_argument("--user", default="sec_jiaze")
    parser.add_argument("--password", default="demo2026")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    server = None
    url = args.url
    if not url:
        url, server = _own_server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--lang=zh-CN"]
            )
            context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **PHONE)
            context.set_default_timeout(15_000)
            page = context.new_page()
            login(page, url, args.user, args.password)
            results = run_scenarios(page, url, stamp=time.strftime("%H%M%S"))
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    print(table(results))
    missed = [r.scenario for r in results if r.interactions > TARGETS[r.scenario]]
    if missed:
        print("targets missed: " + ", ".join(missed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
