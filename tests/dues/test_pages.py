"""The dues pages as a secretary, a reviewer and a 支委 use them; the register agrees with them."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.urls import reverse

from dues.models import Payment, Remittance
from dues.selectors.bills import DuesBook
from tests.factories import dues_base, dues_branch, member

MARCH = datetime.date(2026, 3, 1)


def _month_url(world, month=3):
    return reverse("dues:month", args=[world.branch_a.pk, 2026, month])


def test_all_paid_records_everyone_due_in_one_post(world, client_for):
    dues_branch(world.branch_a, 20, wage=4500)
    client = client_for(world.secretary_a)
    page = client.get(_month_url(world))
    assert "本月全部已交（20 人）" in page.content.decode()
    response = client.post(
        reverse("dues:all_paid", args=[world.branch_a.pk, 2026, 3]), {"paid_on": "2026-03-12"}
    )
    assert response.status_code == 302
    assert Payment.objects.filter(status="paid", amount=Decimal("45.00")).count() == 20
    page = client.get(_month_url(world)).content.decode()
    assert "本月全部已交" not in page and "实缴 900.00 元" in page


def test_all_paid_without_a_base_names_the_member_and_saves_nothing(world, client_for):
    dues_branch(world.branch_a, 2)
    member(world.branch_a, "缺基数")
    response = client_for(world.secretary_a).post(
        reverse("dues:all_paid", args=[world.branch_a.pk, 2026, 3]), {"paid_on": "2026-03-12"}
    )
    assert response.status_code == 400
    assert "缺基数" in response.content.decode()
    assert not Payment.objects.exists()


def test_an_exception_records_unpaid_with_its_reason(world, client_for):
    person = dues_branch(world.branch_a, 1)[0]
    url = reverse("dues:payment", args=[world.branch_a.pk, 2026, 3, person.pk])
    client = client_for(world.secretary_a)
    refused = client.post(url, {"status": "unpaid", "months": "1", "unpaid_reason": ""})
    assert "未交时请写明原因" in refused.content.decode()
    client.post(url, {"status": "unpaid", "months": "1", "unpaid_reason": "病休"})
    payment = Payment.objects.get()
    assert (payment.status, payment.unpaid_reason) == ("unpaid", "病休")


def test_a_stale_exception_is_refused_with_the_input_kept(world, client_for):
    person = dues_branch(world.branch_a, 1)[0]
    url = reverse("dues:payment", args=[world.branch_a.pk, 2026, 3, person.pk])
    client = client_for(world.secretary_a)
    client.post(url, {"status": "unpaid", "months": "1", "unpaid_reason": "病休"})
    opened = Payment.objects.get().lock_version
    client.post(
        url, {"status": "paid", "months": "1", "paid_on": "2026-03-20", "lock_version": opened}
    )
    response = client.post(
        url,
        {"status": "unpaid", "months": "1", "unpaid_reason": "外出", "lock_version": opened},
    )
    assert response.status_code == 409
    assert Payment.objects.get().status == "paid"


def test_wages_are_masked_for_a_reviewer_and_shown_to_the_secretary(world, client_for):
    person = member(world.branch_a, "王老师")
    dues_base(person, "6123.45")
    assert "6123.45" in client_for(world.secretary_a).get(_month_url(world)).content.decode()
    page = client_for(world.reviewer_d1).get(_month_url(world)).content.decode()
    assert "6123.45" not in page and "****" in page and "91.85" in page


def _register(client, world, month=None):
    args = [world.branch_a.pk, 2026, *([month] if month else []), "xlsx"]
    name = "dues:register_month" if month else "dues:register"
    response = client.get(reverse(name, args=args))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def test_the_register_totals_equal_the_month_pages_and_the_remittances(world, client_for):
    people = dues_branch(world.branch_a, 4, wage=5200)  # 78.00 each
    dues_base(people[0], 10500, datetime.date(2026, 2, 1))  # a raise: 210.00 from February
    client = client_for(world.secretary_a)
    for month in (1, 2, 3):
        client.post(
            reverse("dues:all_paid", args=[world.branch_a.pk, 2026, month]),
            {"paid_on": f"2026-0{month}-15"},
        )
    book = DuesBook({world.branch_a.id}, datetime.date(2026, 1, 1), MARCH)
    march = _register(client, world, 3)
    assert march[1][:5] == ("序号", "姓名", "月工资收入", "执行标准", "月应缴")
    assert march[-1][4] == float(book.totals([MARCH]).expected) == 444.0
    quarter = book.totals([datetime.date(2026, m, 1) for m in (1, 2, 3)])
    client.post(
        reverse("dues:remittance", args=[world.branch_a.pk, 2026, 1]),
        {
            "amount": str(quarter.collected),
            "remitted_on": "2026-04-03",
            "receiver": "区教育局党工委",
        },
    )
    year = _register(client, world)
    assert year[-1][6] == float(quarter.collected) == float(Remittance.objects.get().amount)
    assert (
        "上缴金额与本季度实缴"
        not in client.get(reverse("dues:year", args=[world.branch_a.pk, 2026])).content.decode()
    )


def test_the_register_keeps_a_formula_like_name_as_text(world, client_for):
    dues_base(member(world.branch_a, "=1+1"), 3000)
    rows = _register(client_for(world.secretary_a), world, 3)
    assert rows[2][1] == "=1+1"


def test_a_remittance_that_differs_from_the_collected_sum_is_warned(world, client_for):
    dues_branch(world.branch_a, 2, wage=3000)
    client = client_for(world.secretary_a)
    client.post(
        reverse("dues:all_paid", args=[world.branch_a.pk, 2026, 1]), {"paid_on": "2026-01-15"}
    )
    client.post(
        reverse("dues:remittance", args=[world.branch_a.pk, 2026, 1]),
        {"amount": "100", "remitted_on": "2026-04-03", "receiver": "区教育局党工委"},
    )
    page = client.get(reverse("dues:year", args=[world.branch_a.pk, 2026])).content.decode()
    assert "上缴金额与本季度实缴 30.00 元不一致" in page


def test_a_base_entered_on_the_member_page_applies_from_its_month(world, client_for):
    person = member(world.branch_a, "新基数")
    url = reverse("dues:bases", args=[person.pk])
    client = client_for(world.secretary_a)
    bad = client.post(url, {"category": "employed", "wage": "-5", "effective_month": "2026-13"})
    assert "请按“年-月”填写月份" in bad.content.decode()
    client.post(url, {"category": "employed", "wage": "3000.01", "effective_month": "2026-04"})
    book = DuesBook({world.branch_a.id}, MARCH, datetime.date(2026, 4, 1))
    assert book.line(person, MARCH).due is None
    assert book.line(person, datetime.date(2026, 4, 1)).due == Decimal("30.00")


def test_the_member_page_links_to_the_bases_only_for_those_who_see_wages(world, client_for):
    person = member(world.branch_a, "王老师")
    url = reverse("branches:member", args=[person.pk])
    bases = reverse("dues:bases", args=[person.pk])
    assert bases in client_for(world.secretary_a).get(url).content.decode()
    assert bases not in client_for(world.reviewer_d1).get(url).content.decode()
    organization = reverse("branches:organization", args=[world.branch_a.pk])
    page = client_for(world.reviewer_d1).get(organization).content.decode()
    assert reverse("dues:index", args=[world.branch_a.pk]) in page


def test_the_exception_page_shows_who_changed_the_payment(world, client_for):
    person = dues_branch(world.branch_a, 1)[0]
    url = reverse("dues:payment", args=[world.branch_a.pk, 2026, 3, person.pk])
    client = client_for(world.secretary_a)
    client.post(url, {"status": "unpaid", "months": "1", "unpaid_reason": "病休"})
    page = client.get(url).content.decode()
    assert "修改记录" in page and "甲书记" in page


def test_an_approved_reduction_recorded_on_the_member_page_lowers_the_month_due(world, client_for):
    person = dues_branch(world.branch_a, 1, wage=3500)[0]  # 35.00
    url = reverse("dues:reductions", args=[person.pk])
    client = client_for(world.secretary_a)
    refused = client.post(
        url,
        {
            "kind": "reduced",
            "monthly_amount": "10",
            "first_month": "2026-04",
            "last_month": "2026-03",
            "approved_on": "2026-02-20",
            "reason": "家庭困难",
        },
    )
    assert "截止月份不能早于起始月份" in refused.content.decode()
    client.post(
        url,
        {
            "kind": "reduced",
            "monthly_amount": "10",
            "first_month": "2026-03",
            "approved_on": "2026-02-20",
            "reason": "家庭困难",
        },
    )
    page = client.get(_month_url(world)).content.decode()
    assert "减交" in page and "10.00" in page
    assert DuesBook({world.branch_a.id}, MARCH, MARCH).totals([MARCH]).expected == Decimal("10")
