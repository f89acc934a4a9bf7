"""One-time passwords and the credential sheet of member accounts.

A minimal stand-in until portal.credentials (the rollout work: one-time initial passwords that
must be changed at first login, and its Word credential sheet) is merged; then this module only
re-exports it.
"""

import io
import secrets
from dataclasses import dataclass

from django.utils.translation import gettext as _

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class CredentialSlip:
    name: str
    organization: str
    username: str
    password: str
    url: str


def random_password():
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3))


def issue_initial_password(user):
    password = random_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    return password


def credential_sheet_docx(slips):
    from docx import Document

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
        document.add_paragraph(_("首次登录后请修改密码。初始密码仅供本人使用，请勿转交他人。"))
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
