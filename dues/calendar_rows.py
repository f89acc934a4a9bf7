"""The 党费 row of a branch's compliance calendar (found by branches.calendar_rows): for each month
of the period, how many of those due have paid (已交/应交 人数, as the dues month page and year page
count them) and whether the month is collected, missing, open or not yet due. Months before the
branch's first dues base are not applicable. The whole period is one DuesBook: four queries."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import VIEW
from branches.calendar_rows import NOT_APPLICABLE, MonthlyCell
from branches.scope import scope_for
from branches.selectors.compliance import State, window_state
from dues.selectors.bills import DuesBook

STATUS = {
    State.KEPT: gettext_lazy("已收齐"),
    State.MISSING: gettext_lazy("未收齐"),
    State.DUE: gettext_lazy("待收"),
    State.FUTURE: gettext_lazy("未到期"),
}


def monthly_cells(request, organization, months, today):
    if not organization.is_branch or not months:
        return {}
    # The month pages are read by whoever may view the organisation (dues.views.month_page).
    may_open = scope_for(request.user).can(VIEW, organization)
    book = DuesBook({organization.id}, months[0].start, months[-1].start)
    first_base = book.first_base_month()
    cells = {}
    for window in months:
        month = window.start
        settled, due = book.collection(month)
        url = (
            reverse("dues:month", args=[organization.pk, month.year, month.month])
            if may_open
            else None
        )
        if first_base is None or month < first_base:
            cells[month] = MonthlyCell(
                _("党费"), NOT_APPLICABLE, status=_("不适用（尚未录入党费基数）"), url=url
            )
        elif not due:
            cells[month] = MonthlyCell(
                _("党费"), NOT_APPLICABLE, status=_("不适用（无应交人员）"), url=url
            )
        else:
            state = window_state(window, today, settled == due)
            figure = _("%(settled)s/%(due)s 人") % {"settled": settled, "due": due}
            cells[month] = MonthlyCell(_("党费"), state, figure, STATUS[state], url)
    return cells
