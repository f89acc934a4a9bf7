"""Forms and filters of the roster pages. Forms validate and render; branches.services.roster saves."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Committee, CommitteePost, Honour, Member, Movement, Stage
from branches.models.committees import TERM_YEARS, default_term_end
from branches.models.members import PERSONAL_DATA_MASKS
from branches.validators import (
    ID_PATTERN,
    LANDLINE_PATTERN,
    MOBILE_PATTERN,
    normalize_id_number,
    normalize_phone,
)
from portal.dates import (
    PARTY_DATE,
    PARTY_PAST_DATE,
    PAST_DATE,
    DateInput,
    DateRange,
    PlausibleDatesForm,
    PlausibleDatesMixin,
    years_later,
)
from portal.fields import ModelMultipleChoiceField
from portal.text import PlainTextFormMixin
from portal.versioning import VersionedFormMixin

MEMBER_FIELDS = [
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "work_unit",
    "post",
    "phone",
    "id_number",
    "group",
    "is_delegate",
    "application_date",
    "activist_date",
    "candidate_date",
    "admission_date",
    "full_date",
    "probation_extension_months",
    "notes",
]
INTRODUCER_FIELDS = ["introducer_1", "introducer_2", "introducers_elsewhere"]
PIPELINE_FIELDS = [
    "application_date",
    "activist_date",
    "candidate_date",
    "admission_date",
    "full_date",
    "probation_extension_months",
    *INTRODUCER_FIELDS,
]
PIPELINE_FIELDS_HELP = gettext_lazy("由发展党员流程的步骤生成，请在发展流程中修改。")


def has_pipeline(member):
    """Does this saved roster row have a development pipeline (which then owns PIPELINE_FIELDS)?"""
    return member.pk is not None and hasattr(member, "pipeline")


DATE_FIELDS = [
    "birth_date",
    "application_date",
    "activist_date",
    "candidate_date",
    "admission_date",
    "full_date",
]


class MaskedPersonalDataMixin:
    """身份证号 and phone appear masked in the form, so no page carries a full number.

    A masked value sent back unchanged keeps the stored number; a typed full number replaces it
    (checked like any other). Used by the portal's member form and the admin's.
    """

    MASKERS = PERSONAL_DATA_MASKS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, mask in self.MASKERS.items():
            stored = getattr(self.instance, name, "") if self.instance.pk else ""
            if name in self.fields and stored:
                self.initial[name] = mask(stored)
                self.fields[name].widget.attrs["autocomplete"] = "off"
                self.fields[name].help_text = _("已遮盖；不修改请保持原样，修改请填写完整号码。")

    def _unmasked(self, name):
        value = (self.cleaned_data.get(name) or "").strip()
        stored = getattr(self.instance, name, "") if self.instance.pk else ""
        if (
            stored
            and "*" in value
            and (value == self.MASKERS[name](stored) or self._opened_an_older_version())
        ):
            # Unchanged. A mask of an older number (someone saved since the form was opened)
            # is unchanged too: the stale-edit check then refuses the save with what changed.
            return stored
        return value

    def _point_version_at(self, version):
        """After a stale save is refused, the masks the user left untouched show the number
        saved now, so saving again keeps it (a typed full number stays as typed)."""
        super()._point_version_at(version)
        current = type(self.instance).objects.filter(pk=self.instance.pk).first()
        data = self.data.copy()
        for name, mask in self.MASKERS.items():
            key = self.add_prefix(name)
            stored = getattr(current, name, "") if current else ""
            if "*" in (data.get(key) or "") and stored:
                data[key] = mask(stored)
        self.data = data

    def _opened_an_older_version(self):
        opened = self.data.get("lock_version") if self.is_bound else None
        saved = getattr(self.instance, "lock_version", None)
        return opened not in (None, "") and saved is not None and opened != str(saved)

    def clean_phone(self):
        return self._unmasked("phone")

    def clean_id_number(self):
        return self._unmasked("id_number").upper()


class PipelineOwnedFieldsMixin:
    """A person with a development pipeline (the `development` app): their stage dates, probation
    extension and introducers follow from its steps and are entered there, never twice. The one
    rule of the portal's roster form and /admin/'s member form: the fields are shown read-only
    (a disabled field keeps its saved value whatever is posted)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if has_pipeline(self.instance):
            for name in PIPELINE_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = PIPELINE_FIELDS_HELP


class MemberForm(
    PipelineOwnedFieldsMixin,
    MaskedPersonalDataMixin,
    VersionedFormMixin,
    PlausibleDatesMixin,
    PlainTextFormMixin,
    forms.ModelForm,
):
    """Edit a member; the instance must carry its organisation (validation needs it)."""

    date_ranges = {
        "birth_date": PAST_DATE,
        **dict.fromkeys(DATE_FIELDS[1:], PARTY_PAST_DATE),
        "joined_on": PARTY_PAST_DATE,
    }

    class Meta:
        model = Member
        # The introducers are kept on the page, not in the import workbook's columns.
        fields = [*MEMBER_FIELDS[:-1], *INTRODUCER_FIELDS, MEMBER_FIELDS[-1]]
        widgets = {
            **dict.fromkeys(DATE_FIELDS, DateInput),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = self.instance.organization.groups.all()
        # Offered: the organisation's full members; Member.clean checks them on the admission day.
        introducers = Member.objects.filter(
            organization=self.instance.organization, full_date__isnull=False
        ).exclude(pk=self.instance.pk)
        for name in ("introducer_1", "introducer_2"):
            self.fields[name].queryset = introducers
        self.fields["probation_extension_months"].widget.attrs["max"] = 12

    def clean_id_number(self):
        value = super().clean_id_number()
        if value:
            clash = Member.objects.filter(
                organization_id=self.instance.organization_id, id_number=value
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(_("本组织已有党员使用这个身份证号。"))
        return value

    def clean_probation_extension_months(self):
        value = self.cleaned_data.get("probation_extension_months") or 0
        if value > 12:
            raise forms.ValidationError(_("延长预备期最多 12 个月。"))
        return value


class MemberCreateForm(MemberForm):
    joined_on = forms.DateField(
        label=gettext_lazy("组织关系转入日期"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy("从其他党组织转入的，填写转入日期；从该日起计入本组织名册。"),
    )
    joined_from = forms.CharField(label=gettext_lazy("转入来源"), required=False, max_length=200)


class MovementForm(VersionedFormMixin, PlausibleDatesMixin, PlainTextFormMixin, forms.ModelForm):
    """A movement of `member`: refused when the member was saved since the form was opened."""

    date_ranges = {"date": PARTY_PAST_DATE}

    class Meta:
        model = Movement
        fields = ["kind", "date", "reason"]
        widgets = {"date": DateInput}

    def __init__(self, *args, member, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)

    def versioned_object(self):
        return self.member


class CommitteeForm(VersionedFormMixin, PlausibleDatesMixin, forms.ModelForm):
    """A term with its posts: one field per post, so one person may hold two posts."""

    # Elected on a day that has come; a term runs 3 years, an approved extension (延期换届) adds at
    # most 1 (docs/domain.md); it actually ends (换届) on a day that has come. Checked here first, so
    # the default term end is never computed from an absurd date (9999-12-31 + 3 years: a 500).
    date_ranges = {
        "term_start": PARTY_PAST_DATE,
        "term_end": DateRange(PARTY_DATE.earliest, years_ahead=TERM_YEARS),
        "ended_on": PARTY_PAST_DATE,
        "extended_until": DateRange(PARTY_DATE.earliest, years_ahead=TERM_YEARS + 1),
        "extension_approved_on": PARTY_PAST_DATE,
    }

    SINGLE_POSTS = [
        CommitteePost.Post.SECRETARY,
        CommitteePost.Post.DEPUTY,
        CommitteePost.Post.ORGANIZATION,
        CommitteePost.Post.PROPAGANDA,
        CommitteePost.Post.DISCIPLINE,
    ]

    class Meta:
        model = Committee
        fields = [
            "term_start",
            "term_end",
            "ended_on",
            "extended_until",
            "extension_approved_on",
            "extension_document",
        ]
        widgets = {
            "term_start": DateInput,
            "term_end": DateInput,
            "ended_on": DateInput,
            "extended_until": DateInput,
            "extension_approved_on": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term_end"].required = False
        self.fields["term_end"].help_text = _("留空则为任期开始后 3 年")
        organization = self.instance.organization
        # Offered: full members on the roster when the term starts (today for a new term). A
        # submitted form may name anyone of the organisation; clean() says why someone is refused.
        if self.is_bound:
            eligible = Member.objects.filter(organization=organization)
        else:
            start = self.instance.term_start or datetime.date.today()
            eligible = Member.objects.filter(organization=organization).full_members(start)
        if self.instance.pk:
            # Keep the current holders selectable even after they have left.
            eligible = Member.objects.filter(
                Q(pk__in=eligible.values("pk")) | Q(committee_posts__committee=self.instance)
            ).distinct()
        current = {}
        if self.instance.pk:
            for post in self.instance.posts.all():
                current.setdefault(post.post, []).append(post.member_id)
        for post in self.SINGLE_POSTS:
            self.fields[f"post_{post}"] = forms.ModelChoiceField(
                label=post.label,
                queryset=eligible,
                required=post == CommitteePost.Post.SECRETARY,
                initial=(current.get(post) or [None])[0],
            )
        self.fields["post_other"] = ModelMultipleChoiceField(
            label=_("其他委员"),
            queryset=eligible,
            required=False,
            initial=current.get(CommitteePost.Post.OTHER, []),
            widget=forms.CheckboxSelectMultiple,
        )

    def clean_term_start(self):
        start = self.cleaned_data["term_start"]
        clash = Committee.objects.filter(
            organization_id=self.instance.organization_id, term_start=start
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("本组织已有一届支委会从这一天开始任期。"))
        return start

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and not end and "term_end" not in self.errors:
            cleaned["term_end"] = default_term_end(start)
            self.instance.term_end = cleaned["term_end"]
        elif start and end and end > years_later(start, TERM_YEARS):
            self.add_error(
                "term_end",
                _(
                    "任期届满日期不能晚于任期开始后 %(years)s 年；经批准延期换届的，"
                    "请填写“延期至”、批准日期和文号（延期不超过 1 年）。"
                )
                % {"years": TERM_YEARS},
            )
        if start:
            self._check_candidates(start)
        return cleaned

    def _check_candidates(self, start):
        """Each chosen person must be a full member on the roster on the term's first day."""
        term = Committee(organization=self.instance.organization, term_start=start)
        # A post kept from a by-election (补选) is checked on the day of that election.
        by_election = {}
        if self.instance.pk:
            by_election = {
                (p.member_id, p.post): p.elected_on
                for p in self.instance.posts.filter(elected_on__isnull=False)
            }
        for post in self.SINGLE_POSTS:
            member = self.cleaned_data.get(f"post_{post}")
            on = member and by_election.get((member.pk, post))
            problem = member and term.candidate_problem(member, on=on)
            if problem:
                self.add_error(f"post_{post}", problem)
        for member in self.cleaned_data.get("post_other") or []:
            on = by_election.get((member.pk, CommitteePost.Post.OTHER))
            problem = term.candidate_problem(member, on=on)
            if problem:
                self.add_error("post_other", problem)

    def posts(self):
        """[(member, post)] chosen in the form."""
        result = []
        for post in self.SINGLE_POSTS:
            member = self.cleaned_data.get(f"post_{post}")
            if member:
                result.append((member, post))
        for member in self.cleaned_data.get("post_other") or []:
            result.append((member, CommitteePost.Post.OTHER))
        return result


class HonourForm(VersionedFormMixin, PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = Honour
        fields = ["recipient", "member", "title", "level", "year", "awarded_by", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            organization_id=self.instance.organization_id
        )
        self.fields["year"].widget.attrs.update({"min": 1921, "max": datetime.date.today().year})


class RosterFilter(django_filters.FilterSet):
    """Filters of the roster list. `on` is the day every other filter is asked about."""

    STATUS_CHOICES = [
        ("on_roster", gettext_lazy("当日在册")),
        ("left", gettext_lazy("当日已离开")),
        ("all", gettext_lazy("全部（含已离开）")),
    ]

    # A name is short; a longer search is refused next to the box (SQLite cannot run a LIKE
    # pattern of tens of thousands of characters: found by the fuzz tests).
    q = django_filters.CharFilter(
        label=gettext_lazy("姓名"),
        method="filter_name",
        max_length=50,
        error_messages={"max_length": gettext_lazy("按姓名查找最多 50 个字。")},
    )
    on = django_filters.DateFilter(
        label=gettext_lazy("日期"), method="filter_nothing", widget=DateInput
    )
    stage = django_filters.ChoiceFilter(
        label=gettext_lazy("当日阶段"), choices=Stage.choices, method="filter_stage"
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("在册状态"),
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label=None,
    )
    group = django_filters.ModelChoiceFilter(
        label=gettext_lazy("党小组"), queryset=None, field_name="group"
    )
    work_unit = django_filters.ChoiceFilter(
        label=gettext_lazy("工作单位"), choices=[], field_name="work_unit"
    )

    class Meta:
        model = Member
        fields = []
        form = PlausibleDatesForm

    def __init__(self, data=None, *args, groups=None, units=(), **kwargs):
        data = data.copy() if data is not None else None
        if data is not None and not data.get("status"):
            data["status"] = "on_roster"
        super().__init__(data, *args, **kwargs)
        self.filters["group"].queryset = groups
        self.filters["work_unit"].extra["choices"] = [(unit, unit) for unit in units]
        self.form.fields["group"].label_from_instance = lambda group: group.name
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"

    @property
    def on_date(self):
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("on"):
            return self.form.cleaned_data["on"]
        return datetime.date.today()

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset.with_stage(self.on_date))

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_name(self, queryset, name, value):
        return queryset.filter(name__icontains=value.strip())

    def filter_stage(self, queryset, name, value):
        return queryset.filter(stage_on=value)

    def filter_status(self, queryset, name, value):
        on = self.on_date
        if value == "on_roster":
            return queryset.on_roster(on)
        if value == "left":
            return queryset.filter(left_on__lte=on)
        return queryset


INCOMPLETE_NUMBER = gettext_lazy("请填写完整的 18 位身份证号，或手机号、带区号的固定电话。")


class NumberSearchForm(PlainTextFormMixin, forms.Form):
    """Find members by a full 身份证号 or phone number (posted, never put in a URL)."""

    number = forms.CharField(
        label=gettext_lazy("按身份证号或电话查找"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        error_messages={"required": INCOMPLETE_NUMBER, "max_length": INCOMPLETE_NUMBER},
    )

    def clean_number(self):
        value = self.cleaned_data["number"]
        id_number, phone = normalize_id_number(value), normalize_phone(value)
        if ID_PATTERN.match(id_number):
            return id_number
        if MOBILE_PATTERN.match(phone) or LANDLINE_PATTERN.match(phone):
            return phone
        raise forms.ValidationError(INCOMPLETE_NUMBER)

    def matches(self, members, limit=20):
        number = self.cleaned_data["number"]
        phones = {number, number.replace("-", "")}
        found = members.filter(Q(id_number=number) | Q(phone__in=phones))
        return list(found.select_related("organization").order_by("name", "id")[:limit])
