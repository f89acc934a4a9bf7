"""Branch committees (支部委员会) by term (届), and the posts their members hold."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.scope import OrganizationScopedQuerySet
from portal.dates import add_months
from portal.history import history_rows
from portal.versioning import VersionedModel, saved_since

from .organizations import Organization

TERM_YEARS = 3
TERM_WARNING_DAYS = 90
# An approved extension (延期换届) lasts at most this many months.
MAX_EXTENSION_MONTHS = 12
COMMITTEE_MIN_SIZE = 3
COMMITTEE_MAX_SIZE = 7
# A branch with this many full members should elect a committee (支部工作条例).
COMMITTEE_REQUIRED_FROM = 7


def default_term_end(term_start):
    try:
        return term_start.replace(year=term_start.year + TERM_YEARS)
    except ValueError:  # 29 February
        return term_start.replace(year=term_start.year + TERM_YEARS, day=28)


def latest_extension(term_end):
    """The last day an approved extension may reach: MAX_EXTENSION_MONTHS after the term end."""
    return add_months(term_end, MAX_EXTENSION_MONTHS)


class CommitteeQuerySet(OrganizationScopedQuerySet):
    def in_office(self, on):
        return self.filter(term_start__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))


class Committee(VersionedModel):
    """One term (届) of a branch committee (支部委员会)."""

    class Status(models.TextChoices):
        IN_OFFICE = "in_office", _("在任")
        ENDING = "ending", _("即将届满")
        OVERDUE = "overdue", _("已届满，应换届")
        ENDED = "ended", _("已换届")
        FUTURE = "future", _("尚未开始")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="committees", verbose_name=_("党组织")
    )
    term_start = models.DateField(_("任期开始（选举日期）"))
    term_end = models.DateField(_("任期届满"), help_text=_("默认为选举后 3 年"))
    ended_on = models.DateField(
        _("实际结束（换届）日期"), null=True, blank=True, help_text=_("换届选出新一届时填写")
    )
    # 延期换届: approved by the superior organisation, at most one year past the term end.
    extended_until = models.DateField(
        _("延期至"), null=True, blank=True, help_text=_("经上级党组织批准延期换届时填写，最长 1 年")
    )
    extension_approved_on = models.DateField(_("延期批准日期"), null=True, blank=True)
    extension_document = models.CharField(
        _("延期批复文号"), max_length=100, blank=True, default="", db_default=""
    )

    objects = CommitteeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("支部委员会（届）")
        verbose_name_plural = _("支部委员会（届）")
        ordering = ["organization", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")),
                name="committee_term_end_after_start",
                violation_error_message=_("任期届满日期必须晚于任期开始日期。"),
            ),
            models.UniqueConstraint(
                fields=["organization", "term_start"], name="committee_unique_org_term_start"
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.term_start:%Y}–{self.term_end:%Y} 届"

    def clean(self):
        errors = {}
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            errors["term_end"] = _("任期届满日期必须晚于任期开始日期。")
        if self.term_start and self.ended_on and self.ended_on < self.term_start:
            errors["ended_on"] = _("换届日期不能早于任期开始日期。")
        errors.update(self.extension_errors())
        if self.term_start and self.term_start > datetime.date.today():
            errors["term_start"] = _("任期开始日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)

    def extension_errors(self):
        """{field: message} for an extension that is incomplete or longer than allowed."""
        errors = {}
        extended = self.extended_until or self.extension_approved_on or self.extension_document
        if not extended:
            return errors
        if not self.extended_until:
            errors["extended_until"] = _("请填写延期至哪一天。")
        elif self.term_end and self.extended_until <= self.term_end:
            errors["extended_until"] = _("延期至的日期必须晚于任期届满日期。")
        elif self.term_end and self.extended_until > latest_extension(self.term_end):
            errors["extended_until"] = _(
                "延期换届最长 1 年：任期届满 %(end)s，最晚延期至 %(latest)s。"
            ) % {"end": self.term_end, "latest": latest_extension(self.term_end)}
        if not self.extension_approved_on:
            errors["extension_approved_on"] = _("延期换届须经上级党组织批准，请填写批准日期。")
        elif self.term_start and self.extension_approved_on < self.term_start:
            errors["extension_approved_on"] = _("批准日期不能早于任期开始日期。")
        if not self.extension_document:
            errors["extension_document"] = _("请填写上级批复的文号。")
        return errors

    def candidates(self):
        """Who may hold a post of this term: full members on the roster on the day it starts
        (预备党员 have no right to be elected)."""
        return self.organization.members.full_members(self.term_start)

    def candidate_problem(self, member, on=None):
        """Why `member` cannot hold a post of this term (Chinese), or None. `on`: the day of a
        by-election (补选) during the term, else the term's start."""
        start = on or self.term_start
        if member.organization_id != self.organization_id:
            return gettext("%(name)s 不是本组织的党员。") % {"name": member.name}
        if not member.is_on_roster(start):
            return gettext("%(name)s 在选举日 %(day)s 不在本组织名册上，不能当选。") % {
                "name": member.name,
                "day": start,
            }
        if (
            member.admission_date
            and member.admission_date <= start
            and not (member.full_date and member.full_date <= start)
        ):
            return gettext("%(name)s 在选举日 %(day)s 是预备党员，预备党员没有被选举权。") % {
                "name": member.name,
                "day": start,
            }
        if not member.full_date or member.full_date > start:
            return gettext("%(name)s 在选举日 %(day)s 还不是正式党员，只有正式党员可以当选。") % {
                "name": member.name,
                "day": start,
            }
        return None

    @property
    def is_extended(self):
        return bool(self.extended_until)

    @property
    def due_date(self):
        """The day the term expires: the approved extension's end, else the regular term end."""
        return self.extended_until or self.term_end

    def changes_since(self, version):
        """What was saved after `version`, with the posts given or taken away since."""
        return saved_since(self, version, parts=[self._posts_since])

    def _posts_since(self, since):
        records = CommitteePost.history.filter(committee_id=self.pk, history_date__gte=since)
        rows = history_rows(records, exclude=("id", "committee"))
        for row in rows:
            row.reason = gettext("支委职务")
        return rows

    def status_on(self, on):
        if self.term_start > on:
            return self.Status.FUTURE
        if self.ended_on and self.ended_on <= on:
            return self.Status.ENDED
        if self.due_date < on:
            return self.Status.OVERDUE
        if (self.due_date - on).days <= TERM_WARNING_DAYS:
            return self.Status.ENDING
        return self.Status.IN_OFFICE

    def days_left(self, on):
        return (self.due_date - on).days


class CommitteePost(models.Model):
    """A post on a committee; one person may hold two posts (e.g. 组织委员 and 纪检委员)."""

    class Post(models.TextChoices):
        SECRETARY = "secretary", _("书记")
        DEPUTY = "deputy", _("副书记")
        ORGANIZATION = "organization", _("组织委员")
        PROPAGANDA = "propaganda", _("宣传委员")
        DISCIPLINE = "discipline", _("纪检委员")
        OTHER = "other", _("委员")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="posts", verbose_name=_("届")
    )
    member = models.ForeignKey(
        "branches.Member",
        on_delete=models.PROTECT,
        related_name="committee_posts",
        verbose_name=_("党员"),
    )
    post = models.CharField(_("职务"), max_length=20, choices=Post.choices)
    # A by-election (补选) during the term: the post is held from that day (else from the start).
    elected_on = models.DateField(
        _("补选日期"), null=True, blank=True, help_text=_("任期中补选的填写；换届时选出的留空")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("支委职务")
        verbose_name_plural = _("支委职务")
        ordering = ["committee", "post", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "member", "post"], name="committee_post_unique"
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_post_display()}"

    def clean(self):
        if self.committee_id and self.member_id:
            member, committee = self.member, self.committee
            problem = committee.term_start and committee.candidate_problem(
                member, on=self.elected_on
            )
            if problem:
                raise ValidationError({"member": problem})
