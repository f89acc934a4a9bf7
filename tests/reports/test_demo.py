from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from reports import statistics
from reports.models import Report


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_demo_reports_cover_every_review_state_and_reload_adds_nothing(demo):
    states = dict(Report.objects.values_list("title", "status"))
    call_command("load_demo", stdout=StringIO())
    assert dict(Report.objects.values_list("title", "status")) == states
    assert states["龙虎塘第二实验小学党支部2019学年度党建工作总结"] == Report.Status.APPROVED
    assert states["龙虎塘第二实验小学党支部2024学年度党建工作总结"] == Report.Status.RETURNED
    assert states["新华实验小学党支部2021年度书记抓基层党建工作述职报告"] == Report.Status.APPROVED
    assert states["新华实验小学党支部2024年度党建工作总结"] == Report.Status.SUBMITTED
    jiaze = Report.objects.get(organization__name="嘉泽中心小学党支部")
    assert (jiaze.period_start.year, jiaze.period_end.year) == (2011, 2013)
    assert jiaze.status == Report.Status.APPROVED
    assert Report.objects.filter(status=Report.Status.DRAFT).exists()


def test_demo_report_figures_in_the_text_match_the_records(demo):
    for report in Report.objects.exclude(status=Report.Status.DRAFT):
        stats = statistics.compute(report.organization, report.period).by_key()
        assert f"期末 {stats['members_end'].value} 名" in report.section_work
        meetings = stats["kind-general_meeting"].value
        if meetings:
            assert f"支部党员大会：共开展 {meetings} 次" in report.section_work
    xinhua = Report.objects.get(title="新华实验小学党支部2024年度党建工作总结")
    assert statistics.compute(xinhua.organization, xinhua.period).value("kind-theme_day") > 0


def test_demo_accounts_see_their_side_of_the_loop(demo, client):
    users = get_user_model().objects
    client.force_login(users.get(username="sec_longhutang"))
    assert "被退回修改" in client.get(reverse("home")).content.decode()
    client.force_login(users.get(username="reviewer_xinbei"))
    assert "1 份报告等待审阅" in client.get(reverse("home")).content.decode()
    approved = Report.objects.get(title="龙虎塘第二实验小学党支部2019学年度党建工作总结")
    diff = client.get(reverse("reports:diff", args=[approved.pk])).content.decode()
    assert "<ins>" in diff
