"""Time rules of the development pipeline: warnings (never blocking) and the one block (age).

Every rule is one function here; pages, the home panel, reminders and the district view read them.
"One month", "one year", "three months" are calendar months (portal.dates.add_months); 公示 counts
working days Monday to Friday (public holidays are not known to the portal).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

# probation_ends: branches' rule (Member.probation_ends_on), the one definition, used here too.
from branches.models.members import MIN_AGE, probation_ends
from development.steps import BY_NUMBER
from portal.dates import add_months

TALK_MONTHS = 1
ACTIVIST_MONTHS = 12
ACTIVIST_ASSESSMENT_MONTHS = 6
PROBATION_ASSESSMENT_MONTHS = 3
APPROVAL_MONTHS = 3
NOTICE_WORKING_DAYS = 5
TRAINING_DAYS = 3
TRAINING_HOURS = 24
PROBATION_NOTICE_DAYS = 60


def working_days(start, end):
    """Monday-to-Friday days from start to end, both included (0 when end is before start)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(rest):
        if (start + datetime.timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def age_on(birth_date, day):
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def age_block(birth_date, application_date):
    """The one block: an application before the 18th birthday. A message, or None."""
    if birth_date and application_date and age_on(birth_date, application_date) < MIN_AGE:
        return _("递交入党申请时未满 18 周岁（出生于 %(birth)s），不能受理。") % {
            "birth": birth_date
        }
    return None


def talk_due(application_date):
    return add_months(application_date, TALK_MONTHS)


def candidate_earliest(activist_date):
    return add_months(activist_date, ACTIVIST_MONTHS)


def approval_due(meeting_date):
    return add_months(meeting_date, APPROVAL_MONTHS)


class Steps:
    """A person's recorded steps, by number (repeating steps: every row, in date order)."""

    def __init__(self, steps):
        self.rows = sorted(steps, key=lambda s: (s.number, s.date, s.id or 0))
        self.by_number = {}
        for step in self.rows:
            self.by_number.setdefault(step.number, []).append(step)

    def first(self, number):
        rows = self.by_number.get(number)
        return rows[0] if rows else None

    def date(self, number):
        step = self.first(number)
        return step.date if step else None

    def last_date(self, *numbers):
        dates = [s.date for n in numbers for s in self.by_number.get(n, [])]
        return max(dates) if dates else None

    def all(self, number):
        return self.by_number.get(number, [])


def _interval_warnings(dates, months, label):
    result = []
    for before, after in zip(dates, dates[1:], strict=False):
        if after > add_months(before, months):
            result.append(
                _("%(label)s间隔超过 %(months)d 个月（%(before)s 至 %(after)s）。")
                % {"label": label, "months": months, "before": before, "after": after}
            )
    return result


def step_warnings(step, steps, member, extension_months=0, *, voters=None):
    """Warnings (Chinese) for one recorded step; `steps` is the person's Steps; `voters` the
    (due, present) voters of its meeting record when it has one."""
    number, day = step.number, step.date
    definition = BY_NUMBER[number]
    result = []
    application = steps.date(1)
    if number == 2 and application and day > talk_due(application):
        result.append(
            _("谈话应在递交申请后一个月内（%(due)s 前）进行。") % {"due": talk_due(application)}
        )
    if number in (5, 9):
        people = [p for p in (step.person_1, step.person_2) if p is not None]
        for person in people:
            if not person.can_vote_on(day):
                result.append(
                    _("%(name)s 在 %(day)s 不是正式党员。") % {"name": person.name, "day": day}
                )
        count = len(step.people_names)
        if number == 9 and count != 2:
            result.append(_("入党介绍人应为两名正式党员（现为 %(n)d 人）。") % {"n": count})
        if number == 5 and not 1 <= count <= 2:
            result.append(_("培养联系人应为一至两名正式党员。"))
    if number == 6:
        start = steps.date(3)
        if start and steps.all(6) and step is steps.all(6)[-1]:
            dates = [start, *[s.date for s in steps.all(6)]]
            result += _interval_warnings(dates, ACTIVIST_ASSESSMENT_MONTHS, _("考察"))
    activist = steps.date(3)
    if number == 7 and activist and day < candidate_earliest(activist):
        result.append(
            _("作为入党积极分子培养不足一年（%(start)s 起，%(earliest)s 满一年）。")
            % {"start": activist, "earliest": candidate_earliest(activist)}
        )
    if number == 11:
        days = (step.period_end - day).days + 1 if step.period_end else 1
        if days < TRAINING_DAYS and (step.hours or 0) < TRAINING_HOURS:
            result.append(_("集中培训应不少于 3 天或 24 学时。"))
    if number == 12:
        if not step.period_end:
            result.append(_("请填写公示结束日期（公示不少于 5 个工作日）。"))
        elif working_days(day, step.period_end) < NOTICE_WORKING_DAYS:
            result.append(
                _("公示 %(n)d 个工作日，少于 5 个工作日。")
                % {"n": working_days(day, step.period_end)}
            )
    admission = steps.date(15)
    if number == 17 and admission and day > approval_due(admission):
        result.append(
            _("上级党委应在支部党员大会后三个月内（%(due)s 前）审批。")
            % {"due": approval_due(admission)}
        )
    if number == 21 and admission and steps.all(21) and step is steps.all(21)[-1]:
        dates = [admission, *[s.date for s in steps.all(21)]]
        result += _interval_warnings(dates, PROBATION_ASSESSMENT_MONTHS, _("考察"))
    if number == 23 and admission and day < probation_ends(admission, extension_months):
        result.append(
            _("预备期到 %(end)s 才满。") % {"end": probation_ends(admission, extension_months)}
        )
    if definition.meeting:
        result += meeting_warnings(step, voters)
    return result


def meeting_warnings(step, voters):
    definition = BY_NUMBER[step.number]
    if step.meeting is None:
        return [_("未关联会议记录（%(kind)s）。") % {"kind": _kind_label(definition.meeting)}]
    result = []
    if step.meeting.kind != definition.meeting:
        result.append(_("关联的记录不是%(kind)s。") % {"kind": _kind_label(definition.meeting)})
    item = step.agenda_item
    if item is None or not item.result:
        result.append(_("会议记录中没有这一议题的表决结果。"))
    elif item.result != "passed":
        result.append(_("会议表决未通过。"))
    elif voters is not None:
        due, present = voters
        problems = item.vote_problems(
            kind=step.meeting.kind, due_voters=due, present_voters=present
        )
        result += problems
    return result


def _kind_label(kind):
    from branches.models.activities import Kind

    return Kind(kind).label


@dataclass
class Due:
    title: str
    due: datetime.date | None
    overdue: bool


def next_due(steps, member, today, extension_months=0):
    """What the person's branch owes next, with its date (active pipelines only)."""
    result = []

    def add(title, due):
        result.append(Due(title, due, due is not None and due < today))

    application = steps.date(1)
    if application and not steps.first(2) and not steps.first(3):
        add(_("派人谈话"), talk_due(application))
    activist = steps.date(3)
    if activist and not steps.first(7):
        last = steps.last_date(3, 6)
        add(_("积极分子半年考察"), add_months(last, ACTIVIST_ASSESSMENT_MONTHS))
        earliest = candidate_earliest(activist)
        if earliest <= today:
            result.append(Due(_("可确定为发展对象（已满一年）"), earliest, False))
    admission = steps.date(15)
    if admission and not steps.first(17):
        add(_("上级党委审批"), approval_due(admission))
    if admission and not steps.first(23):
        last = steps.last_date(15, 21)
        add(_("预备党员季度考察"), add_months(last, PROBATION_ASSESSMENT_MONTHS))
        ends = probation_ends(admission, extension_months)
        if not steps.first(22) and (ends - today).days <= PROBATION_NOTICE_DAYS:
            add(_("预备期 %(end)s 期满，提出转正申请") % {"end": ends}, ends)
    return result
