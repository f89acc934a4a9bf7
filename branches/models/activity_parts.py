"""Parts of an activity record: agenda items with decisions and votes, appraisal results, attachments.

The quorum and majority rules of docs/domain.md ("Votes and quorums") live in `AgendaItem.vote_problems`;
the filing service refuses a record whose passed vote breaks them.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .activities import Activity, Kind
from .members import Member


class AgendaItem(models.Model):
    class Result(models.TextChoices):
        NONE = "", _("未表决")
        PASSED = "passed", _("通过")
        REJECTED = "rejected", _("未通过")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("活动")
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("议题"), max_length=200)
    decision = models.TextField(_("决议/结果"), blank=True)
    result = models.CharField(
        _("表决结果"), max_length=10, choices=Result.choices, blank=True, default=""
    )
    is_election = models.BooleanField(_("选举"), default=False)
    votes_for = models.PositiveSmallIntegerField(_("赞成"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("反对"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("弃权"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("议题（历史）"))

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["activity", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(result="passed") | Q(votes_for__isnull=False),
                name="agenda_passed_vote_has_count",
                violation_error_message=_("记录表决结果时请填写赞成票数。"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_vote(self):
        return bool(self.result)

    @property
    def votes_cast(self):
        return (self.votes_for or 0) + (self.votes_against or 0) + (self.votes_abstain or 0)

    def vote_problems(self, *, kind, due_voters, present_voters):
        """Reasons (Chinese) why this recorded vote is not valid; empty when it is.

        `due_voters`: members with a vote who were due (正式党员 expected, or the committee);
        `present_voters`: those of them present. An ordinary motion passes when votes for exceed
        half of those DUE; an election (换届/选举 at a 党员大会) needs more than 4/5 of those due present,
        and a candidate is elected when votes for exceed half of the voters PRESENT.
        """
        if not self.result:
            return []
        problems = []
        if kind not in (Kind.GENERAL_MEETING, Kind.COMMITTEE_MEETING):
            return [gettext("只有支部党员大会和支部委员会会议可以记录表决。")]
        if due_voters == 0:
            return [gettext("没有应到的有表决权人员，无法记录表决。")]
        if self.votes_cast > present_voters:
            problems.append(
                gettext("赞成、反对、弃权合计 %(cast)s 票，超过实到有表决权人数 %(present)s。")
                % {"cast": self.votes_cast, "present": present_voters}
            )
        if self.is_election and kind == Kind.GENERAL_MEETING:
            if present_voters * 5 <= due_voters * 4:
                problems.append(
                    gettext(
                        "选举须有超过五分之四的有表决权党员到会：应到 %(due)s 人，实到 %(present)s 人。"
                    )
                    % {"due": due_voters, "present": present_voters}
                )
        elif present_voters * 2 <= due_voters:
            who = gettext("支委") if kind == Kind.COMMITTEE_MEETING else gettext("有表决权党员")
            problems.append(
                gettext(
                    "到会%(who)s未超过半数（应到 %(due)s 人，实到 %(present)s 人），不能作出决定。"
                )
                % {"who": who, "due": due_voters, "present": present_voters}
            )
        election = self.is_election and kind == Kind.GENERAL_MEETING
        if election and self.result == self.Result.PASSED:
            if (self.votes_for or 0) * 2 <= present_voters:
                problems.append(
                    gettext(
                        "赞成 %(votes)s 票未超过实到有表决权人数 %(present)s 的半数，不能记为当选。"
                    )
                    % {"votes": self.votes_for or 0, "present": present_voters}
                )
        elif self.result == self.Result.PASSED and (self.votes_for or 0) * 2 <= due_voters:
            problems.append(
                gettext("赞成 %(votes)s 票未超过应到有表决权人数 %(due)s 的半数，不能记为通过。")
                % {"votes": self.votes_for or 0, "due": due_voters}
            )
        return problems


class AppraisalResult(models.Model):
    """One member's result in a 民主评议党员."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        QUALIFIED = "qualified", _("合格")
        BASIC = "basic", _("基本合格")
        UNQUALIFIED = "unqualified", _("不合格")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="appraisals", verbose_name=_("活动")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("党员")
    )
    grade = models.CharField(_("评议结果"), max_length=12, choices=Grade.choices)

    history = HistoricalRecords(verbose_name=_("民主评议结果（历史）"))

    class Meta:
        verbose_name = _("民主评议结果")
        verbose_name_plural = _("民主评议结果")
        ordering = ["activity", "member__name", "member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], name="appraisal_unique_activity_member"
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_grade_display()}"


def attachment_path(instance, filename):
    # Never trust the uploaded name for the path: a random name with the checked extension.
    return f"activities/{instance.activity.organization_id}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    """A photo or a scanned sign-in sheet; stored under MEDIA_ROOT, served by an authorising view."""

    class FileType(models.TextChoices):
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"
        WEBP = "image/webp", "WebP"
        PDF = "application/pdf", "PDF"

    EXTENSIONS = {
        "image/jpeg": ".jpg",
        "image/png": ".png",
        "image/webp": ".webp",
        "application/pdf": ".pdf",
    }

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("活动")
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=30, choices=FileType.choices)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        "portal.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["activity", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    @property
    def extension(self):
        return self.EXTENSIONS.get(self.content_type, "")

    @property
    def is_image(self):
        return self.content_type.startswith("image/")
