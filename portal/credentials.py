"""One-time initial passwords for accounts someone else opens (a district administrator's bulk
onboarding, an admin), and the credential sheet that hands them over on paper.

`issue_initial_password(user)` sets a random, readable password and flags the account: at its next
login the holder is sent to the password change page until they pick their own
(portal.middleware.password_change_required; the flag is lifted by any change of password).
"""

import io
import secrets
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.models import PasswordChangeRequired

# No 0/o, 1/l/i: read off paper and typed on a phone without guessing.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUPS = 3
GROUP_LENGTH = 4
# The session key holding the session auth hash the account had when it logged in flagged.
SESSION_KEY = "must_change_password"


@dataclass(frozen=True)
class CredentialSlip:
    """What one person's slip on the credential sheet says."""

    name: str
    organization: str
    username: str
    password: str
    url: str


def random_password():
    """E.g. "k7m4-p9x2-r3t8": 12 characters of a 31-letter alphabet (about 59 bits)."""
    return "-".join(
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
    )


def issue_initial_password(user):
    """Set a new random password on `user` (saved), flag it as to be changed at first login and
    return the password in clear (shown once, on the credential sheet; never stored)."""
    password = random_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    PasswordChangeRequired.objects.update_or_create(user=user, defaults={"password": user.password})
    return password


def note_login(sender, request, user, **kwargs):
    """On login (the `user_logged_in` signal): remember in the session whether the account still has
    an issued password, so the middleware needs no query per request."""
    flag = PasswordChangeRequired.objects.filter(user=user).select_related("user").first()
    if flag is None or request is None or not hasattr(request, "session"):
        return
    if flag.holds():
        request.session[SESSION_KEY] = user.get_session_auth_hash()
    else:
        flag.delete()


def credential_sheet_docx(slips):
    """A Word document with one slip per person (姓名, 组织/学校, 用户名, 初始密码, portal address and
    "首次登录须修改密码"), separated by cut lines, several to a page. Returns the file's bytes."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading(_("账号开通通知单"), level=1)
    for index, slip in enumerate(slips):
        if index:
            document.add_paragraph("✂ " + "-" * 60)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in [
            (_("姓名"), slip.name),
            (_("组织/学校"), slip.organization),
            (_("用户名"), slip.username),
            (_("初始密码"), slip.password),
            (_("登录地址"), slip.url),
        ]:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = value
        note = document.add_paragraph()
        run = note.add_run(_("首次登录须修改密码。初始密码仅供本人使用，请勿转交他人。"))
        run.bold = True
        run.font.size = Pt(10)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
