"""Forms of the activity pages: the one-page filing form, agenda rows, uploads, ledger filters.

Forms validate and render; the filing service (branches.services.activities) saves.
"""

import dataclasses
import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Activity, AgendaItem, AppraisalResult, Member
from branches.models.activities import (
    AGENDA_KINDS,
    HOURS_KINDS,
    PLAN_KINDS,
    VOTING_KINDS,
    AbsenceReason,
    Kind,
    expected_members,
)
from branches.periods import period_containing, year_period
from branches.services.activities import AgendaEntry, Filing, Upload
from portal.dates import PARTY_DATE, DateInput, PlausibleDatesForm, PlausibleDatesMixin
from portal.fields import BIGINT
from portal.text import PlainTextFormMixin, pinyin_keys
from portal.versioning import VersionedFormMixin

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOADS = 10
MAX_LISTED = 2000  # ids read back from a page's list of expected members (a branch has far fewer)

# Fields each kind shows besides the common ones.
COMMON_FIELDS = ["status", "date", "start_time", "place", "host", "recorder", "topic", "content"]
KIND_FIELDS = {
    Kind.GROUP_MEETING: ["group"],
    Kind.LECTURE: ["lecturer"],
    Kind.TALK: ["talker", "talkee"],
    Kind.STUDY: ["end_date", "hours"],
    Kind.VOLUNTEER: ["end_date", "hours"],
    Kind.OTHER: ["end_date"],
}


def sniff_content_type(head):
    """The real type of a file from its first bytes, or None when it is not one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def check_upload(upload):
    """Return an Upload for an accepted file, or raise ValidationError with a Chinese reason."""
    name = upload.name or ""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s”超过 %(mb)s MB，请压缩后再上传。")
            % {"name": name, "mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    content_type = sniff_content_type(upload.read(16))
    upload.seek(0)
    if content_type is None:
        raise ValidationError(
            _("“%(name)s”不是 JPEG、PNG、WebP 图片或 PDF 文件。") % {"name": name}
        )
    if content_type.startswith("image/"):
        from PIL import Image

        try:
            with Image.open(upload) as image:
                image.verify()
        except Exception as error:  # Pillow raises many types for broken images
            raise ValidationError(_("“%(name)s”图片已损坏，无法打开。") % {"name": name}) from error
        finally:
            upload.seek(0)
    return Upload(file=upload, content_type=content_type, name=name, size=upload.size)


@dataclasses.dataclass
class MemberState:
    """What the filing page shows for one expected member."""

    present: bool = True
    reason: str = ""
    grade: str = AppraisalResult.Grade.QUALIFIED
    hours: str = ""  # this participant's own hours, when they differ from the record's


@dataclasses.dataclass
class RosterChange:
    """Names of those no longer expected and of those newly expected after the date (or the
    party group) changed."""

    dropped: list = dataclasses.field(default_factory=list)
    added: list = dataclasses.field(default_factory=list)
    by_group: bool = False


def _getlist(data, key):
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data.get(key)
    return value if isinstance(value, list | tuple) else ([] if value is None else [value])


def _setlist(data, key, values):
    if hasattr(data, "setlist"):
        data.setlist(key, values)
    else:
        data[key] = values


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_UPLOADS:
            raise ValidationError(_("一次最多上传 %(n)s 个文件。") % {"n": MAX_UPLOADS})
        errors, uploads = [], []
        for upload in files:
            try:
                uploads.append(check_upload(super().clean(upload, initial)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return uploads


class ActivityForm(VersionedFormMixin, PlausibleDatesMixin, PlainTextFormMixin, forms.ModelForm):
    """The filing form: the record's fields, one checkbox per expected member, grades, uploads."""

    date_ranges = {"date": PARTY_DATE, "end_date": PARTY_DATE}

    present = forms.MultipleChoiceField(
        label=gettext_lazy("出席人员（取消勾选即为缺席）"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input activity-present"}),
    )
    listed = forms.CharField(widget=forms.HiddenInput, required=False)
    uploads = MultipleFileField(
        label=gettext_lazy("照片或签到表扫描件（可选）"),
        required=False,
        help_text=gettext_lazy("JPEG、PNG、WebP 或 PDF，每个不超过 10 MB"),
    )

    class Meta:
        model = Activity
        fields = sorted({f for fields in KIND_FIELDS.values() for f in fields} | set(COMMON_FIELDS))
        widgets = {
            "date": DateInput,
            "end_date": DateInput,
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "content": forms.Textarea(attrs={"rows": 3}),
            "hours": forms.NumberInput(attrs={"step": "0.5", "min": "0", "inputmode": "decimal"}),
            # Suggestions: the people expected (host, recorder), the organisation's places.
            "host": forms.TextInput(attrs={"list": "activity-people", "autocomplete": "off"}),
            "recorder": forms.TextInput(attrs={"list": "activity-people", "autocomplete": "off"}),
            "place": forms.TextInput(attrs={"list": "activity-places", "autocomplete": "off"}),
        }

    def __init__(self, *args, organization, kind, today=None, live_url=None, shown=None, **kwargs):
        """`shown`: on a reload of the page after the date or group changed (htmx GET), the
        attendance the page showed until then (its `listed`, `present`, `reason_*` and `grade_*`
        values), carried over to the new list of expected members."""
        super().__init__(*args, **kwargs)
        self.organization, self.kind = organization, kind
        self.today = today or datetime.date.today()
        wanted = set(COMMON_FIELDS) | set(KIND_FIELDS.get(kind, []))
        for name in list(self.fields):
            if name in self._meta.fields and name not in wanted:
                del self.fields[name]
        if kind != Kind.TALK:
            self._live(live_url)
        if "group" in self.fields:
            self.fields["group"].queryset = organization.groups.all()
            self.fields["group"].required = True
        for name in ("talker", "talkee"):
            if name in self.fields:
                self.fields[name].queryset = Member.objects.filter(organization=organization)
                self.fields[name].required = True
        if kind == Kind.TALK:
            self.fields["topic"].required = False
        self.expected = list(self._expected_members())
        choices = [(str(m.id), m.name) for m in self.expected]
        self.fields["present"].choices = choices
        # Who left and who joined the list of expected members since the page showed it.
        self.roster_change = None
        self.stale_list = False
        states = {}
        if kind != Kind.TALK and self.is_bound:
            self._rebind_if_stale()
        elif kind != Kind.TALK:
            states = self._saved_states()
            if shown is not None and self.add_prefix("listed") in shown:
                states = self._carry_over(self._shown_states(shown))
            self.initial["listed"] = self._listed()
            self.initial["present"] = [str(m.id) for m in self.expected if states[m.id].present]
        self._add_member_fields(states)
        if kind == Kind.TALK:
            del self.fields["present"]

    def _live(self, url):
        """With htmx, changing the date or group reloads the attendance list (no page reload)."""
        if not url:
            return
        for name in ("date", "group"):
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": url,
                        "hx-trigger": "change",
                        # The attendance as shown (inputs inside #attendance) comes along,
                        # so the reloaded list keeps each person's ticks, reasons and grades.
                        "hx-include": "#id_date, #id_group, #attendance",
                        "hx-select": "#attendance",
                        "hx-target": "#attendance",
                        "hx-swap": "outerHTML",
                    }
                )

    def _value(self, name):
        """The submitted (or initial) value of a field, parsed; None when not parseable."""
        field = self.fields.get(name) or self._meta.model._meta.get_field(name).formfield()
        if self.is_bound:
            raw = self.data.get(self.add_prefix(name))
        else:
            # An edited record's initial values are what model_to_dict() gives: a foreign key is
            # its id, not the object. Parse them like submitted values, so both are the same kind.
            raw = self.get_initial_for_field(field, name)
        try:
            return field.clean(raw)
        except (ValidationError, ValueError, TypeError):
            return None

    def _expected_members(self):
        day = self._value("date") or self.today
        group = self._value("group") if self.kind == Kind.GROUP_MEETING else None
        talk = {}
        if self.kind == Kind.TALK:
            talk = {"talker": self._value("talker"), "talkee": self._value("talkee")}
        return expected_members(
            organization=self.organization, kind=self.kind, on=day, group=group, **talk
        ).order_by("name", "id")

    def _listed(self):
        return ",".join(str(m.id) for m in self.expected)

    def _saved_states(self):
        """Everyone present (nobody yet for volunteering: people pick who took part), or what
        the edited record holds."""
        held = self.instance.pk and self.instance.is_held
        first = self.kind != Kind.VOLUNTEER or held
        states = {m.id: MemberState(present=first) for m in self.expected}
        if self.instance.pk:
            for row in self.instance.attendances.all():
                if row.member_id not in states:
                    continue
                states[row.member_id].present = row.present
                states[row.member_id].reason = "" if row.present else row.absence_reason
                states[row.member_id].hours = "" if row.hours is None else str(row.hours)
            if self.kind == Kind.APPRAISAL:
                for appraisal in self.instance.appraisals.all():
                    if appraisal.member_id in states:
                        states[appraisal.member_id].grade = appraisal.grade
        return states

    def _shown_states(self, data):
        """{member id: MemberState} of the members a page listed, read from its submitted values."""
        listed = []
        for part in str(data.get(self.add_prefix("listed")) or "").split(",")[:MAX_LISTED]:
            if part.strip().isascii() and part.strip().isdigit() and int(part) in BIGINT:
                listed.append(int(part))
        ticked = set(_getlist(data, self.add_prefix("present")))
        return {
            pk: MemberState(
                present=str(pk) in ticked,
                reason=str(data.get(self.add_prefix(f"reason_{pk}")) or ""),
                grade=str(data.get(self.add_prefix(f"grade_{pk}")) or MemberState.grade),
                hours=str(data.get(self.add_prefix(f"hours_{pk}")) or ""),
            )
            for pk in listed
        }

    def _carry_over(self, shown):
        """Keep each person's state for everyone still expected; newcomers are present. Notes
        who dropped out and who came in (`roster_change`)."""
        dropped_ids = [pk for pk in shown if pk not in {m.id for m in self.expected}]
        dropped = Member.objects.filter(organization=self.organization, id__in=dropped_ids)
        change = RosterChange(
            dropped=list(dropped.order_by("name", "id").values_list("name", flat=True)),
            added=[m.name for m in self.expected if m.id not in shown],
            by_group=self.kind == Kind.GROUP_MEETING,
        )
        self.roster_change = change if change.dropped or change.added else None
        newcomer = self.kind != Kind.VOLUNTEER
        return {m.id: shown.get(m.id) or MemberState(present=newcomer) for m in self.expected}

    def _rebind_if_stale(self):
        """A page submitted with an older list of expected members (the date or group changed
        without the list being reloaded) is refused in clean(); its attendance is carried over
        to the current list, so the page shown again keeps what was typed."""
        shown = self._shown_states(self.data)
        if set(shown) == {m.id for m in self.expected}:
            return
        self.stale_list = True
        states = self._carry_over(shown)
        data = self.data.copy()
        data[self.add_prefix("listed")] = self._listed()
        present = [str(pk) for pk, state in states.items() if state.present]
        _setlist(data, self.add_prefix("present"), present)
        for pk, state in states.items():
            data[self.add_prefix(f"reason_{pk}")] = "" if state.present else state.reason
            if self.kind == Kind.APPRAISAL:
                data[self.add_prefix(f"grade_{pk}")] = state.grade
            if self.kind in HOURS_KINDS:
                data[self.add_prefix(f"hours_{pk}")] = state.hours
        self.data = data

    def _add_member_fields(self, states):
        reasons = [("", _("缺席原因")), *AbsenceReason.choices]
        self.member_rows = []
        for member in self.expected:
            state = states.get(member.id) or MemberState()
            reason = forms.ChoiceField(
                label=member.name,
                choices=reasons,
                required=False,
                widget=forms.Select(
                    attrs={
                        "class": "form-select form-select-sm",
                        "aria-label": _("%(name)s的缺席原因") % {"name": member.name},
                    }
                ),
            )
            reason.initial = "" if state.present else state.reason
            self.fields[f"reason_{member.id}"] = reason
            row = {"member": member, "reason": f"reason_{member.id}"}
            if self.kind in HOURS_KINDS:
                hours = forms.DecimalField(
                    label=member.name,
                    required=False,
                    min_value=0,
                    max_value=500,
                    max_digits=5,
                    decimal_places=1,
                    widget=forms.NumberInput(
                        attrs={
                            "class": "form-control form-control-sm activity-own-hours",
                            "step": "0.5",
                            "min": "0",
                            "inputmode": "decimal",
                            "placeholder": _("同上"),
                            "aria-label": _("%(name)s的时长（与每人时长不同时填写）")
                            % {"name": member.name},
                        }
                    ),
                )
                hours.initial = state.hours
                self.fields[f"hours_{member.id}"] = hours
                row["hours"] = f"hours_{member.id}"
            if self.kind == Kind.APPRAISAL:
                grade = forms.ChoiceField(
                    label=member.name,
                    choices=AppraisalResult.Grade.choices,
                    initial=state.grade,
                    widget=forms.Select(
                        attrs={
                            "class": "form-select form-select-sm",
                            "aria-label": _("%(name)s的评议结果") % {"name": member.name},
                        }
                    ),
                )
                self.fields[f"grade_{member.id}"] = grade
                row["grade"] = f"grade_{member.id}"
            self.member_rows.append(row)

    def bound_member_rows(self):
        """One row per expected member for the page: the checkbox (a subwidget of `present`, so
        it carries Django's id and aria attributes), the reason and grade bound fields."""
        boxes = self["present"].subwidgets if "present" in self.fields else []
        return [
            {
                "member": row["member"],
                "box": box,
                "checked": bool(box.data["selected"]),
                "reason": self[row["reason"]],
                "grade": self[row["grade"]] if "grade" in row else None,
                "hours": self[row["hours"]] if "hours" in row else None,
                "pinyin": pinyin_keys(row["member"].name),
            }
            for row, box in zip(self.member_rows, boxes, strict=False)
        ]

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        if hours is not None and not 0 <= hours <= 500:
            raise ValidationError(_("时长应在 0 到 500 小时之间。"))
        return hours

    def clean(self):
        data = super().clean()
        status, day = data.get("status"), data.get("date")
        if status == Activity.Status.HELD and day and day > self.today:
            self.add_error("date", _("已开展的活动日期不能晚于今天；尚未开展请选择“计划”。"))
        end = data.get("end_date")
        if end and day and end < day:
            self.add_error("end_date", _("结束日期不能早于开始日期。"))
        if (
            self.kind == Kind.TALK
            and data.get("talker")
            and data.get("talker") == data.get("talkee")
        ):
            self.add_error("talkee", _("谈话双方不能是同一人。"))
        if self.stale_list:
            self.add_error(
                "present",
                _("应到人员已按所选日期和对象重新计算，请核对出席情况后再提交。"),
            )
        # A study session's absentees may go without a reason (全部清空, then tick who came).
        optional = (Kind.TALK, Kind.VOLUNTEER, Kind.STUDY)
        if status == Activity.Status.HELD and self.kind not in optional:
            for member in self.absent_members():
                if not data.get(f"reason_{member.id}"):
                    self.add_error(
                        f"reason_{member.id}",
                        _("请选择%(name)s的缺席原因。") % {"name": member.name},
                    )
        return data

    def absent_members(self):
        if self.kind == Kind.TALK:
            return []
        present = set(self.cleaned_data.get("present") or [])
        return [m for m in self.expected if str(m.id) not in present]

    def filing(self, agenda_entries):
        return Filing(
            absences={
                m.id: self.cleaned_data.get(f"reason_{m.id}") or "" for m in self.absent_members()
            },
            agenda=agenda_entries,
            grades={
                m.id: self.cleaned_data.get(f"grade_{m.id}")
                for m in self.expected
                if self.kind == Kind.APPRAISAL
            },
            uploads=self.cleaned_data.get("uploads") or [],
            hours={
                m.id: own
                for m in self.expected
                if str(m.id) in set(self.cleaned_data.get("present") or [])
                and (own := self.cleaned_data.get(f"hours_{m.id}")) is not None
                and own != self.cleaned_data.get("hours")
            },
        )

    def values(self):
        return {
            name: self.cleaned_data.get(name) for name in self._meta.fields if name in self.fields
        }


class AgendaItemForm(PlainTextFormMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("议题"), max_length=200, required=False)
    decision = forms.CharField(
        label=gettext_lazy("决议/结果"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    result = forms.ChoiceField(
        label=gettext_lazy("表决"), choices=AgendaItem.Result.choices, required=False
    )
    is_election = forms.BooleanField(label=gettext_lazy("选举"), required=False)
    votes_for = forms.IntegerField(
        label=gettext_lazy("赞成"), min_value=0, max_value=999, required=False
    )
    votes_against = forms.IntegerField(
        label=gettext_lazy("反对"), min_value=0, max_value=999, required=False
    )
    votes_abstain = forms.IntegerField(
        label=gettext_lazy("弃权"), min_value=0, max_value=999, required=False
    )

    def __init__(self, *args, voting=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not voting:
            for name in ("result", "is_election", "votes_for", "votes_against", "votes_abstain"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if not data.get("title") and (data.get("decision") or data.get("result")):
            self.add_error("title", _("请填写议题。"))
        if data.get("result") and data.get("votes_for") is None:
            self.add_error("votes_for", _("记录表决结果时请填写赞成票数。"))
        return data

    def entry(self):
        data = self.cleaned_data
        return AgendaEntry(
            title=data.get("title") or "",
            decision=data.get("decision") or "",
            result=data.get("result") or "",
            is_election=bool(data.get("is_election")),
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            votes_abstain=data.get("votes_abstain"),
        )


class BaseAgendaFormSet(forms.BaseFormSet):
    def entries(self):
        return [form.entry() for form in self.forms if form.cleaned_data.get("title")]


AgendaFormSet = forms.formset_factory(
    AgendaItemForm,
    formset=BaseAgendaFormSet,
    extra=1,
    max_num=30,
    absolute_max=30,
    validate_max=True,
)


def agenda_formset(kind, data=None, initial=None):
    if kind not in AGENDA_KINDS:
        return None
    formset = AgendaFormSet(
        data, initial=initial, prefix="agenda", form_kwargs={"voting": kind in VOTING_KINDS}
    )
    if not initial:
        formset.extra = 2  # a blank record gets two empty rows, a copied one its items + one
    return formset


class PeriodForm(forms.Form):
    """?year=2026&school=1 on the calendar and ledger pages; bad values fall back to this year."""

    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    school = forms.BooleanField(label=gettext_lazy("按学年度"), required=False)

    def period(self, today):
        if self.is_valid():
            return year_period(self.cleaned_data["year"], school_year=self.cleaned_data["school"])
        school = self.data.get("school") in ("1", "on", "true")
        return period_containing(today, school_year=school)


class LedgerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=gettext_lazy("搜索"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("类型"), choices=Kind.choices, empty_label=gettext_lazy("全部")
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"),
        choices=Activity.Status.choices,
        empty_label=gettext_lazy("全部"),
    )
    date_from = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label=gettext_lazy("起始日期"),
        widget=DateInput,
    )
    date_to = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label=gettext_lazy("截止日期"),
        widget=DateInput,
    )

    class Meta:
        model = Activity
        fields = ["q", "kind", "status", "date_from", "date_to"]
        form = PlausibleDatesForm

    def search(self, queryset, name, value):
        """Topic, place, host, lecturer or summary containing the words typed."""
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(topic__icontains=word)
                | Q(place__icontains=word)
                | Q(host__icontains=word)
                | Q(lecturer__icontains=word)
                | Q(content__icontains=word)
            )
        return queryset

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )


# -- the yearly plan (年度计划) ------------------------------------------------------------------

MONTHS = [(m, f"{m}月") for m in range(1, 13)]


class PlanItemForm(PlainTextFormMixin, forms.Form):
    """One planned item of the year: month, kind, topic (an empty row is skipped)."""

    month = forms.TypedChoiceField(
        label=gettext_lazy("月份"), choices=[("", "—"), *MONTHS], coerce=int, required=False
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"),
        choices=[("", "—"), *((k.value, k.label) for k in PLAN_KINDS)],
        required=False,
    )
    topic = forms.CharField(label=gettext_lazy("主题"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm" if name != "topic" else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css

    def clean(self):
        data = super().clean()
        filled = [name for name in ("month", "kind", "topic") if data.get(name)]
        if filled and len(filled) < 3:
            for name in ("month", "kind", "topic"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("请填写月份、类型和主题。"))
        return data

    @property
    def is_item(self):
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("month") and data.get("kind") and data.get("topic"))


class BasePlanFormSet(forms.BaseFormSet):
    def items(self, year):
        """(kind, date, topic) of each filled row; a month's plan is dated its first day."""
        return [
            (
                form.cleaned_data["kind"],
                datetime.date(year, form.cleaned_data["month"], 1),
                form.cleaned_data["topic"],
            )
            for form in self.forms
            if form.is_item
        ]


PlanFormSet = forms.formset_factory(
    PlanItemForm, formset=BasePlanFormSet, extra=0, max_num=60, absolute_max=60, validate_max=True
)


def plan_formset(data=None, initial=None, blank=6):
    formset = PlanFormSet(data, initial=initial, prefix="plan")
    if data is None:
        formset.extra = blank
    return formset
