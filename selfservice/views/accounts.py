"""Member accounts of a branch: the secretary picks members from the roster, opens their
accounts (or issues new one-time passwords) and downloads the credential sheet."""

import datetime
import io

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import EDIT, get_organization_for_user
from branches.models import Member
from portal.credentials import CredentialSlip, credential_sheet_docx
from portal.downloads import DownloadResponse
from selfservice.forms import OpenAccountsForm
from selfservice.models import MemberAccount
from selfservice.services.accounts import open_accounts

SHEET_SALT = "selfservice.credential-sheet"
SHEET_MAX_AGE = 30 * 60  # the sheet of a bulk opening may be downloaded for half an hour


def _roster(organization, today):
    return (
        Member.objects.filter(organization=organization).party_members(today).order_by("name", "id")
    )


@login_required
def accounts(request, pk):
    organization = get_organization_for_user(request.user, pk, action=EDIT)
    if not organization.is_branch:
        raise Http404(_("党员账号按党支部开通。"))
    today = datetime.date.today()
    members = _roster(organization, today)
    form = OpenAccountsForm(request.POST or None, members=members)
    slips, sheet = [], ""
    if request.method == "POST" and form.is_valid():
        opened = open_accounts(actor=request.user, members=form.cleaned_data["members"])
        login_url = request.build_absolute_uri(reverse("login"))
        slips = [
            CredentialSlip(
                name=item.member.name,
                organization=organization.name,
                username=item.username,
                password=item.password,
                url=login_url,
            )
            for item in opened
        ]
        sheet = signing.dumps(
            {"user": request.user.pk, "org": organization.pk, "slips": [vars(s) for s in slips]},
            salt=SHEET_SALT,
            compress=True,
        )
        form = OpenAccountsForm(members=members)
    existing = {
        account.member_id: account
        for account in MemberAccount.objects.filter(member__organization=organization)
        .select_related("user")
        .order_by()
    }
    rows = [(member, existing.get(member.id)) for member in members]
    context = {
        "organization": organization,
        "form": form,
        "rows": rows,
        "slips": slips,
        "sheet": sheet,
    }
    return render(request, "selfservice/accounts.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def credential_sheet(request, pk):
    """The Word credential sheet of the accounts just opened (the passwords are not stored: the
    page that showed them carries them, signed, for half an hour)."""
    organization = get_organization_for_user(request.user, pk, action=EDIT)
    try:
        payload = signing.loads(
            request.POST.get("sheet", ""), salt=SHEET_SALT, max_age=SHEET_MAX_AGE
        )
    except signing.BadSignature:
        return render(
            request,
            "selfservice/sheet_expired.html",
            {"organization": organization},
            status=400,
        )
    if payload.get("user") != request.user.pk or payload.get("org") != organization.pk:
        raise Http404
    slips = [CredentialSlip(**slip) for slip in payload["slips"]]
    content = credential_sheet_docx(slips)
    return DownloadResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"{organization.name}党员账号通知单.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
