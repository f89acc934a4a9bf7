"""The report loop through the pages, as a secretary and a reviewer would click it."""

import io
import re
import zipfile

import docx
import pytest
from django.urls import reverse

from reports.models import Report
from reports.services.reports import submit_report
from tests import factories
from tests.factories import approved, make_report, returned, submitted


def _body(response):
    return response.content.decode()


def test_full_loop_secretary_and_reviewer(world, client_for):
    # The secretary creates the 2021 report, drafts section 一 from the records and writes 二 and 三.
    client = client_for(world.secretary_a)
    response = client.post(
        reverse("reports:create", args=[world.branch_a.pk]),
        {"kind": "summary", "period_type": "calendar", "year": "2021"},
    )
    report = Report.objects.get()
    assert response["Location"] == reverse("reports:edit", args=[report.pk])
    client.post(reverse("reports:draft", args=[report.pk]), {"lock_version": "0"})
    report.refresh_from_db()
    assert report.section_work.startswith("2021年度（2021年1月1日至2021年12月31日）")
    response = client.post(
        reverse("reports:edit", args=[report.pk]),
        {
            "title": report.title,
            "report_date": "2021-12-15",
            "section_work": report.section_work,
            "section_problems": "1、谈心谈话记录偏少。",
            "section_plans": "1、每学期至少谈心一次。",
            "lock_version": report.lock_version,
        },
    )
    assert response.status_code == 302
    client.post(reverse("reports:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED

    # The reviewer returns it with a comment on section 二.
    reviewer = client_for(world.reviewer_d1)
    assert "1 份报告等待审阅" in _body(reviewer.get(reverse("home")))
    reviewer.post(
        reverse("reports:return", args=[report.pk]), {"problems": "请说明谈心谈话少的原因。"}
    )
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED

    # The secretary sees it on the home page, edits and resubmits.
    client = client_for(world.secretary_a)
    home = _body(client.get(reverse("home")))
    assert "被退回修改" in home and "请说明谈心谈话少的原因。" in home
    edit_page = _body(client.get(reverse("reports:edit", args=[report.pk])))
    assert "请说明谈心谈话少的原因。" in edit_page
    client.post(
        reverse("reports:edit", args=[report.pk]),
        {
            "title": report.title,
            "report_date": "2021-12-20",
            "section_work": report.section_work,
            "section_problems": "1、谈心谈话记录偏少，原因是教学任务重、时间难以固定。",
            "section_plans": report.section_plans,
            "lock_version": report.lock_version,
        },
    )
    client.post(reverse("reports:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.RESUBMITTED

    # The reviewer sees what changed and approves with a rating.
    reviewer = client_for(world.reviewer_d1)
    diff = _body(reviewer.get(reverse("reports:diff", args=[report.pk])))
    assert "<ins>，原因是教学任务重、时间难以固定</ins>" in diff
    reviewer.post(reverse("reports:approve", args=[report.pk]), {"rating": "fairly_good"})
    report.refresh_from_db()
    assert (report.status, report.get_rating_display()) == (Report.Status.APPROVED, "较好")

    # Both download the same Word file; it shows the text and the figures.
    files = [
        c.get(reverse("reports:docx", args=[report.pk])).getvalue()
        for c in (client_for(world.secretary_a), client_for(world.reviewer_d1))
    ]
    assert files[0][:2] == b"PK"
    document = docx.Document(io.BytesIO(files[1]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert report.title in text
    assert "龙虎塘第二实验小学  党支部书记  甲书记" in text
    assert "（2021年12月20日）" in text
    assert "原因是教学任务重" in text
    for heading in (
        "一、主要工作完成情况",
        "二、存在的主要问题和原因分析",
        "三、下一步工作思路和具体举措",
    ):
        assert heading in text
    table = document.tables[0]
    assert table.rows[0].cells[0].text == "项目"
    assert any(row.cells[0].text == "主题党日" for row in table.rows)


def test_reviewer_form_errors_are_shown_next_to_the_fields(world, client_for, submitted_a):
    client = client_for(world.reviewer_d1)
    response = client.post(reverse("reports:approve", args=[submitted_a.pk]), {"rating": "best"})
    assert response.status_code == 400
    assert "请选择评定等次：好、较好、一般或差。" in _body(response)
    response = client.post(reverse("reports:return", args=[submitted_a.pk]), {"general": " "})
    assert response.status_code == 400
    assert "至少写一条意见" in _body(response)
    assert Report.objects.get(pk=submitted_a.pk).status == Report.Status.SUBMITTED


def test_second_tab_save_is_refused_and_keeps_the_text(world, client_for, draft_a):
    client = client_for(world.secretary_a)
    url = reverse("reports:edit", args=[draft_a.pk])
    # Both tabs open the same version.
    tab_version = re.search(r'name="lock_version" value="(\d+)"', _body(client.get(url))).group(1)

    def post(text):
        return client.post(
            url,
            {
                "title": draft_a.title,
                "report_date": "2021-12-15",
                "section_work": draft_a.section_work,
                "section_problems": draft_a.section_problems,
                "section_plans": text,
                "lock_version": tab_version,
            },
        )

    assert post("每月固定主题党日").status_code == 302
    response = post("第二个窗口写的<b>举措</b>")
    assert response.status_code == 409
    body = _body(response)
    assert "保存失败" in body and "你的文字仍保留在下方" in body
    assert "第二个窗口写的&lt;b&gt;举措&lt;/b&gt;" in body  # kept in the textarea, escaped
    conflict = body[body.index('id="stale-conflict"') : body.index('id="report-form"')]
    assert "<del>每月固定主题党日</del>" in conflict  # what the other tab saved
    assert "<ins>第二个窗口写的&lt;b&gt;举措&lt;/b&gt;</ins>" in conflict
    assert Report.objects.get(pk=draft_a.pk).section_plans == "每月固定主题党日"
    # The form now carries the latest version, so a deliberate second save goes through.
    latest = re.search(r'name="lock_version" value="(\d+)"', body).group(1)
    assert int(latest) == int(tab_version) + 1


def test_user_html_is_never_rendered_raw(world, client_for):
    report = make_report(world.branch_a, world.secretary_a)
    report.save_text(
        by=world.secretary_a,
        expected_version=report.lock_version,
        section_work="<script>alert(1)</script>\n第二段",
    )
    for name in ("reports:detail", "reports:print"):
        body = _body(client_for(world.reviewer_d1).get(reverse(name, args=[report.pk])))
        assert "<script>alert(1)" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_diff_escapes_user_text(world, client_for):
    report = returned(world)
    report.save_text(
        by=world.secretary_a,
        expected_version=report.lock_version,
        section_plans="<img src=x onerror=alert(1)>",
    )
    submit_report(report=report, actor=world.secretary_a)
    body = _body(client_for(world.reviewer_d1).get(reverse("reports:diff", args=[report.pk])))
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_pages_have_no_inline_styles_or_scripts(world, client_for):
    report = returned(world)
    submit_report(report=report, actor=world.secretary_a)
    client = client_for(world.reviewer_d1)
    for name in ("reports:detail", "reports:print", "reports:diff"):
        body = _body(client.get(reverse(name, args=[report.pk])))
        assert "style=" not in body
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)


def test_reviewer_of_another_district_gets_404(world, client_for, submitted_a):
    other = factories.UserFactory()
    factories.DistrictReviewerFactory(user=other, district=world.district2)
    client = client_for(other)
    assert client.get(reverse("reports:detail", args=[submitted_a.pk])).status_code == 404
    response = client.post(reverse("reports:approve", args=[submitted_a.pk]), {"rating": "good"})
    assert response.status_code == 404
    assert Report.objects.get(pk=submitted_a.pk).status == Report.Status.SUBMITTED


def test_submitted_report_edit_page_redirects_read_only(world, client_for, submitted_a):
    client = client_for(world.secretary_a)
    response = client.get(reverse("reports:edit", args=[submitted_a.pk]))
    assert response["Location"] == reverse("reports:detail", args=[submitted_a.pk])
    response = client.post(
        reverse("reports:edit", args=[submitted_a.pk]),
        {"title": "改", "lock_version": submitted_a.lock_version},
    )
    assert Report.objects.get(pk=submitted_a.pk).title != "改"


def test_create_with_bad_year_shows_chinese_error(world, client_for):
    response = client_for(world.secretary_a).post(
        reverse("reports:create", args=[world.branch_a.pk]),
        {"kind": "summary", "period_type": "school", "year": "19"},
    )
    assert response.status_code == 400
    assert "年度应在" in _body(response)
    assert not Report.objects.exists()


def test_create_duplicate_shows_message_not_500(world, client_for, draft_a):
    response = client_for(world.secretary_a).post(
        reverse("reports:create", args=[world.branch_a.pk]),
        {"kind": "summary", "period_type": "calendar", "year": "2021"},
    )
    assert response.status_code == 400
    assert "已有" in _body(response)


def test_term_report_needs_a_committee(world, client_for):
    response = client_for(world.secretary_a).post(
        reverse("reports:create", args=[world.branch_a.pk]),
        {"kind": "summary", "period_type": "term"},
    )
    assert response.status_code == 400
    assert "请选择一届支委会" in _body(response)


def test_draft_does_not_overwrite_section_one_without_consent(world, client_for, draft_a):
    client = client_for(world.secretary_a)
    client.post(reverse("reports:draft", args=[draft_a.pk]), {"lock_version": draft_a.lock_version})
    assert Report.objects.get(pk=draft_a.pk).section_work == draft_a.section_work
    client.post(
        reverse("reports:draft", args=[draft_a.pk]),
        {"lock_version": draft_a.lock_version, "replace": "on"},
    )
    assert Report.objects.get(pk=draft_a.pk).section_work.startswith("2021年度")


def test_edit_page_shows_last_years_text_for_reference(world, client_for):
    last = approved(world, year=2020)
    current = make_report(world.branch_a, world.secretary_a, year=2021, written=False)
    body = _body(client_for(world.secretary_a).get(reverse("reports:edit", args=[current.pk])))
    assert "参考：2020年度的第二部分" in body
    assert last.section_problems in body


def test_queue_filters_by_status_year_and_school(world, client_for):
    submitted(world, year=2021)
    approved(world, year=2020)
    client = client_for(world.reviewer_d1)
    body = _body(client.get(reverse("reports:queue"), {"status": "approved"}))
    assert "2020年度党建工作总结" in body and "2021年度党建工作总结" not in body
    body = _body(client.get(reverse("reports:queue"), {"year": "2021"}))
    assert "2021年度党建工作总结" in body and "2020年度党建工作总结" not in body
    other_school = factories.SchoolFactory(district=world.district1)
    body = _body(client.get(reverse("reports:queue"), {"school": other_school.pk}))
    assert "没有符合条件的报告" in body


def test_queue_hides_other_districts(world, client_for):
    report = make_report(world.branch_b, world.secretary_b)
    submit_report(report=report, actor=world.secretary_b)
    body = _body(client_for(world.reviewer_d1).get(reverse("reports:queue")))
    assert report.title not in body


def test_district_zip_holds_only_approved_reports_of_the_year(world, client_for):
    good = approved(world, year=2021)
    submitted(world, year=2021, kind=Report.Kind.DUTY)
    approved(world, year=2020)
    response = client_for(world.reviewer_d1).get(
        reverse("reports:district_zip", args=[world.district1.pk, 2021])
    )
    assert response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [f"龙虎塘第二实验小学/{good.title}.docx"]
    document = docx.Document(io.BytesIO(archive.read(archive.namelist()[0])))
    assert document.paragraphs[0].text == good.title


def test_figure_page_lists_the_records_behind_a_number(world, client_for, draft_a):
    response = client_for(world.secretary_a).get(
        reverse("reports:figure", args=[draft_a.pk, "members_end"])
    )
    assert response.status_code == 200
    assert "期末党员人数" in _body(response)
    response = client_for(world.secretary_a).get(
        reverse("reports:figure", args=[draft_a.pk, "no-such-figure"])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["secretary_a", "reviewer_d1"])
def test_home_shows_nothing_when_nothing_is_pending(world, client_for, role):
    body = _body(client_for(getattr(world, role)).get(reverse("home")))
    assert "被退回修改" not in body
    assert "份报告等待审阅" not in body


def test_figure_page_links_to_the_ledger_filtered_by_period_and_kind(world, client_for, draft_a):
    client = client_for(world.secretary_a)
    url = reverse("reports:figure", args=[draft_a.pk, "kind-theme_day"])
    body = _body(client.get(url))
    ledger = reverse("branches:ledger", args=[world.branch_a.pk])
    assert f"{ledger}?year=2021&amp;kind=theme_day&amp;status=held" in body
    assert client.get(f"{ledger}?year=2021&kind=theme_day&status=held").status_code == 200
    body = _body(client.get(reverse("reports:figure", args=[draft_a.pk, "members_end"])))
    members = reverse("branches:members", args=[world.branch_a.pk])
    assert f"{members}?on=2021-12-31" in body


def test_save_after_submitting_in_another_tab_is_refused_and_keeps_the_text(
    world, client_for, draft_a
):
    client = client_for(world.secretary_a)
    url = reverse("reports:edit", args=[draft_a.pk])
    client.post(reverse("reports:submit", args=[draft_a.pk]))  # the other tab submits
    response = client.post(
        url,
        {
            "title": draft_a.title,
            "report_date": "2021-12-15",
            "section_work": draft_a.section_work,
            "section_problems": draft_a.section_problems,
            "section_plans": "提交之后才写完的举措",
            "lock_version": draft_a.lock_version,
        },
    )
    assert response.status_code == 409
    body = _body(response)
    assert "不能再保存修改" in body and "提交之后才写完的举措" in body
    assert Report.objects.get(pk=draft_a.pk).section_plans != "提交之后才写完的举措"


def test_term_report_covers_the_committee_term(world, client_for):
    import datetime

    from branches.models import Committee

    committee = Committee.objects.create(
        organization=world.branch_a,
        term_start=datetime.date(2011, 1, 1),
        term_end=datetime.date(2014, 1, 1),
    )
    response = client_for(world.secretary_a).post(
        reverse("reports:create", args=[world.branch_a.pk]),
        {"kind": "summary", "period_type": "term", "committee": committee.pk},
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (str(report.period_start), str(report.period_end)) == ("2011-01-01", "2013-12-31")
    assert report.title == "龙虎塘第二实验小学党支部2011—2013年任期党建工作总结"


def test_admin_lists_reports_with_their_change_history(world, client_for, submitted_a):
    client = client_for(world.admin)
    assert client.get(reverse("admin:reports_report_changelist")).status_code == 200
    response = client.get(reverse("admin:reports_report_history", args=[submitted_a.pk]))
    assert response.status_code == 200
    body = _body(response)
    assert "3 条目" in body  # created, text saved, submitted
    assert "submitted" in body and "甲书记" in body  # who submitted is recorded


def test_draft_from_records_is_refused_once_submitted(world, client_for, submitted_a):
    response = client_for(world.secretary_a).post(
        reverse("reports:draft", args=[submitted_a.pk]),
        {"lock_version": submitted_a.lock_version, "replace": "on"},
        follow=True,
    )
    assert "不能再修改" in _body(response)
    assert Report.objects.get(pk=submitted_a.pk).section_work == submitted_a.section_work


def test_empty_zip_for_a_year_without_approved_reports_is_valid(world, client_for):
    response = client_for(world.reviewer_d1).get(
        reverse("reports:district_zip", args=[world.district1.pk, 2030])
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == []


def test_admin_cannot_approve_without_a_rating_and_its_edits_lock_open_tabs(
    world, client_for, draft_a
):
    client = client_for(world.admin)
    url = reverse("admin:reports_report_change", args=[draft_a.pk])
    data = {
        "organization": world.branch_a.pk,
        "kind": draft_a.kind,
        "period_type": draft_a.period_type,
        "period_start": "2021-01-01",
        "period_end": "2021-12-31",
        "year": 2021,
        "title": "管理员改过的标题",
        "author": world.secretary_a.pk,
        "report_date": "2021-12-15",
        "section_work": draft_a.section_work,
        "section_problems": draft_a.section_problems,
        "section_plans": draft_a.section_plans,
        "status": "approved",
        "rating": "",
        "versions-TOTAL_FORMS": 0,
        "versions-INITIAL_FORMS": 0,
        "comments-TOTAL_FORMS": 0,
        "comments-INITIAL_FORMS": 0,
        "lock_version": draft_a.lock_version,  # the version the change form was opened at
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "已通过的报告必须有评定等次" in _body(response)
    response = client.post(url, {**data, "status": "draft"})
    assert response.status_code == 302
    report = Report.objects.get(pk=draft_a.pk)
    assert report.title == "管理员改过的标题"
    assert report.lock_version == draft_a.lock_version + 1


def test_queue_with_a_bad_year_shows_a_message_not_a_500(world, client_for):
    submitted(world)
    response = client_for(world.reviewer_d1).get(reverse("reports:queue"), {"year": "abc"})
    assert response.status_code == 200
    assert "请填写四位数的年份，如 2021。" in _body(response)


def test_queue_waiting_filter_shows_submitted_and_resubmitted(world, client_for):
    first = submitted(world, year=2021)
    again = returned(world, year=2020)
    submit_report(report=again, actor=world.secretary_a)
    back = returned(world, year=2019)
    client = client_for(world.reviewer_d1)
    home = _body(client.get(reverse("home")))
    assert f"{reverse('reports:queue')}?status=waiting" in home
    body = _body(client.get(reverse("reports:queue"), {"status": "waiting"}))
    assert first.title in body and again.title in body and back.title not in body
