"""Journey 5: a secretary of another branch pastes branch A's addresses and sees only 404 pages.

The addresses come from the permission matrix: every GET page whose case says secretary_b gets 404.
As the roster, activity and report pages join the matrix, this journey tries them too.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.permission_cases import CASES


def branch_a_paths(world):
    """GET pages of branch A that secretary_b must not see, from the permission matrix.

    A case's kwargs() may create the record its URL points at; all cases share one database
    here, so a case whose record clashes with an earlier one (e.g. a second report for the same
    year) is left out: the permission matrix still checks it at the HTTP level.
    """
    paths = []
    for case in CASES:
        if case.method != "get" or case.expect["secretary_b"] != 404:
            continue
        try:
            with transaction.atomic():
                kwargs = case.kwargs(world) if case.kwargs else None
        except (ValidationError, IntegrityError):
            continue
        paths.append(reverse(case.name, kwargs=kwargs))
    return paths


def test_second_secretary_gets_chinese_404_on_first_secretarys_pages(
    world, page, login, live_server
):
    # Secretary A works in her branch; the address bar shows its URL.
    login(page, world.secretary_a)
    page.get_by_role("link", name="进入本组织").click()
    page.get_by_role("heading", name="龙虎塘第二实验小学党支部").wait_for()
    seen_by_a = page.url
    page.context.clear_cookies()

    # Secretary B (another district) logs in and tries A's addresses.
    login(page, world.secretary_b)
    paths = {seen_by_a.removeprefix(live_server.url), *branch_a_paths(world)}
    assert len(paths) >= 2
    for path in sorted(paths):
        response = page.goto(live_server.url + path)
        assert response.status == 404, path
        page.get_by_role("heading", name="页面不存在").wait_for()
        text = page.locator("main").inner_text()
        assert "龙虎塘" not in text and "新北区" not in text, path
    # Secretary B is still logged in and her own home works.
    page.get_by_role("link", name="返回首页").click()
    page.get_by_role("heading", name="大坪小学第一党支部").wait_for()
    page.goto(live_server.url + sorted(paths)[0])
