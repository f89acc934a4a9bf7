"""The Word file opens in LibreOffice (skipped where LibreOffice is not installed)."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.factories import approved

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="LibreOffice or poppler not installed")
def test_word_file_opens_in_libreoffice_with_the_same_text(world, client_for, tmp_path):
    report = approved(world)
    content = (
        client_for(world.reviewer_d1).get(reverse("reports:docx", args=[report.pk])).getvalue()
    )
    source = tmp_path / "report.docx"
    source.write_bytes(content)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        [PDFTOTEXT, str(tmp_path / "report.pdf"), "-"], check=True, capture_output=True
    ).stdout.decode()
    flat = "".join(text.split())
    assert "".join(report.title.split()) in flat
    assert "三、下一步工作思路和具体举措" in flat
    assert "每月固定主题党日" in flat
