"""A secretary who uses only the keyboard files a branch meeting: skips the navigation with 跳到正文,
picks 支部党员大会, types the topic, marks two members absent (a reason for one only), moves the date
back (the attendance list reloads and keeps both absences), saves, is taken to the focused
error summary, follows its link to the missing reason, picks it and saves. Every element that
receives the focus shows an outline of at least 2 px with a contrast of at least 3:1 against what
is behind it, and is on screen (desktop + phone)."""

import datetime
import re

from playwright.sync_api import expect

from branches.models import Activity
from tests.clock import TODAY
from tests.factories import member

MAX_TABS = 80

FOCUS_SEEN = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const channels = (colour) => colour.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  // An outline drawn outside the element lies on its parent's background, one drawn inside on its own.
  let node = parseFloat(style.outlineOffset) < 0 ? el : el.parentElement;
  let behind = [255, 255, 255];
  for (; node; node = node.parentElement) {
    const c = channels(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || c[3] === 1) { behind = c; break; }
  }
  const a = luminance(channels(style.outlineColor)), b = luminance(behind);
  const box = el.getBoundingClientRect();
  return {
    element: el.tagName + (el.id ? "#" + el.id : "") + " " + (el.textContent || "").trim().slice(0, 20),
    width: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
  };
}"""


def assert_focus_visible(page):
    seen = page.evaluate(FOCUS_SEEN)
    assert seen["width"] >= 2 and seen["contrast"] >= 3 and seen["onScreen"], seen


def is_focused(locator):
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, key="Tab"):
    """Press Tab (or Shift+Tab) until `locator` has the focus, checking the focus at every stop."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        assert_focus_visible(page)
        if is_focused(locator):
            return
    raise AssertionError(f"{locator} not reached with {key}")


def test_filing_a_meeting_with_the_keyboard_only(world, page, login, url, snapshot):
    branch = world.branch_a
    for name in ("王芳", "李强", "张敏", "陈静", "刘洋", "赵新"):
        member(branch, name)
    # Without smooth scrolling (Bootstrap's default), a focused field is on screen at once.
    page.emulate_media(reduced_motion="reduce")
    login(page, world.secretary_a)
    page.goto(url("branches:activity_choose", branch.pk))

    # 跳到正文 is the first stop and skips the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到正文"
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    tab_to(page, page.get_by_role("link", name=re.compile(r"^登记\s*支部党员大会$")))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="登记支部党员大会").wait_for()

    topic = page.get_by_label("主题")
    tab_to(page, topic)
    page.keyboard.type("学习党的二十届四中全会精神")

    # Unticking a member moves the focus to their reason; 张敏 gets one, 陈静 not yet.
    tab_to(page, page.get_by_label("张敏", exact=True))
    page.keyboard.press("Space")
    reason = page.get_by_label("张敏的缺席原因")
    assert is_focused(reason)
    assert_focus_visible(page)
    page.keyboard.press("ArrowDown")
    assert reason.input_value() != ""
    tab_to(page, page.get_by_label("陈静", exact=True))
    page.keyboard.press("Space")
    assert is_focused(page.get_by_label("陈静的缺席原因"))

    # Back to the date: Tab enters the date field at one of its parts, which ArrowDown lowers (an
    # earlier date); leaving the field with Tab reloads the attendance list.
    date = page.locator("#id_date")
    tab_to(page, page.get_by_label("状态"), key="Shift+Tab")
    tab_to(page, date)
    before = date.input_value()
    page.keyboard.press("ArrowDown")
    assert date.input_value() != before
    assert_focus_visible(page)
    page.evaluate("document.getElementById('attendance').dataset.before = 'moved'")
    with page.expect_response(lambda response: "date=" in response.url):
        page.keyboard.press("Tab")
    page.locator("#attendance:not([data-before])").wait_for()  # the reloaded list is in
    assert not page.get_by_label("张敏", exact=True).is_checked()
    assert not page.get_by_label("陈静", exact=True).is_checked()
    moved = datetime.date.fromisoformat(date.input_value())
    snapshot(page, "date-moved")

    save = page.get_by_role("button", name="保存")
    tab_to(page, save)
    page.keyboard.press("Enter")

    # Refused: the error summary has the focus; its link leads to 陈静's reason.
    summary = page.get_by_role("alert").filter(has_text="请修改以下")
    expect(summary).to_be_focused()
    assert_focus_visible(page)
    snapshot(page, "refused")
    tab_to(page, summary.get_by_role("link", name="陈静", exact=False))
    page.keyboard.press("Enter")
    reason = page.get_by_label("陈静的缺席原因")
    assert is_focused(reason)
    assert_focus_visible(page)
    assert reason.get_attribute("aria-invalid") == "true"
    described = reason.get_attribute("aria-describedby").split()
    assert any("请选择陈静的缺席原因" in page.locator(f"#{id_}").inner_text() for id_ in described)
    page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_role("button", name="保存"))
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="支部党员大会：学习党的二十届四中全会精神").wait_for()
    activity = Activity.objects.get(organization=branch)
    assert activity.date == moved < TODAY
    absent = activity.attendances.filter(present=False)
    assert sorted(absent.values_list("member__name", flat=True)) == ["张敏", "陈静"]
    assert all(absent.values_list("absence_reason", flat=True))
