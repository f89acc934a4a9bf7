"""Downloads: every file the portal sends (Excel, Word, zip, attachments) goes through
`DownloadResponse`, a FileResponse whose Content-Disposition names the file twice (RFC 6266):
`filename*=` with the full Chinese name for browsers, and an ASCII `filename=` fallback for clients
that do not read `filename*` (Django alone sends only `filename*` for a non-ASCII name).
"""

import re
from pathlib import PurePosixPath
from urllib.parse import quote

from django.http import FileResponse

FALLBACK_STEM = "download"


def ascii_filename(filename):
    """An ASCII stand-in for a file name: its ASCII letters, digits and dashes, its extension.
    "嘉泽中心小学党支部2026年度台账.docx" -> "download-2026.docx"; "ledger.xlsx" stays."""
    path = PurePosixPath(filename)
    suffix = re.sub(r"[^A-Za-z0-9.]", "", path.suffix)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-_")
    if stem == path.stem:
        return f"{stem}{suffix}"
    return f"{FALLBACK_STEM}-{stem}{suffix}" if stem else f"{FALLBACK_STEM}{suffix}"


def content_disposition(filename, *, as_attachment=True):
    disposition = "attachment" if as_attachment else "inline"
    fallback = ascii_filename(filename)
    if fallback == filename:
        return f'{disposition}; filename="{filename}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=utf-8''{quote(filename)}"


class DownloadResponse(FileResponse):
    """FileResponse(stream, as_attachment=..., filename=..., content_type=...) with both names."""

    def set_headers(self, filelike):
        super().set_headers(filelike)
        if self.filename:
            self.headers["Content-Disposition"] = content_disposition(
                self.filename, as_attachment=self.as_attachment
            )
