"""Log filter that masks personal data (身份证号, phone numbers) before any handler writes it.

Request lines and referers also lose their query strings' values (`redact_query`): a search box
may carry a number in any spelling, and no pattern catches every one.
"""

import logging
import re

# Numbers in a URL follow "=", "/", "+" or a percent escape ("%E5%BC%A0" before a number typed
# after a name, "%20" between its groups), so an escape counts as a boundary too.
_START = r"(?:(?<![0-9A-Za-z])|(?<=%[0-9A-Fa-f]{2}))"
# Groups of a number may be split by a space, "-", "+" (a space in a query string) or "%20".
_SEP = r"(?:[-\s+]|%20|%2[dD])?"
# 18-character resident ID numbers (17 digits + digit or X), in groups 6-8-4 at most.
ID_NUMBER = re.compile(
    rf"{_START}(\d{{4}})(\d{{2}}){_SEP}(\d{{8}}){_SEP}(\d{{3}}[\dXx])(?![0-9A-Za-z])"
)
# 11-digit mainland mobile numbers (3-4-4, optionally after +86), and landlines with an area code.
MOBILE = re.compile(
    rf"{_START}(?:(?:\+|%2[bB])?86{_SEP})?(1[3-9]\d){_SEP}(\d{{4}}){_SEP}(\d{{4}})(?!\d)"
)
LANDLINE = re.compile(rf"{_START}(0\d{{2,3}})(?:-|%2[dD])([1-9]\d{{2,3}})(\d{{4}})(?!\d)")
# "?a=1&b=2" in a request line or a URL: everything up to a space, quote or fragment.
QUERY = re.compile(r"\?([^\s\"#]*)")


def mask_personal_data(text):
    """'320411198001011234 13812345678' -> '3204**********1234 138****5678'."""
    text = ID_NUMBER.sub(lambda m: f"{m[1]}{'*' * 10}{m[4][-4:]}", text)
    text = MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)
    return LANDLINE.sub(lambda m: f"{m[1]}-{'*' * len(m[2])}{m[3]}", text)


def redact_query_string(query):
    """'q=320411...&page=2' -> 'q=*&page=*': parameter names stay, values go."""
    if not query:
        return query
    names = [part.split("=", 1)[0] for part in re.split(r"[&;]", query) if part]
    return "&".join(f"{mask_personal_data(name)}=*" for name in names)


def redact_query(text):
    """Redact the query string of every URL or request line in the text (see above)."""
    return QUERY.sub(lambda m: "?" + redact_query_string(m[1]), text)


class MaskPersonalDataFilter(logging.Filter):
    """Rewrite the record's message and traceback text with personal numbers masked.

    The message is formatted here (msg % args) so numbers passed as arguments are masked too.
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not lose the record
            message = str(record.msg)
        record.msg = mask_personal_data(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        return True


class RedactQueryStringFilter(logging.Filter):
    """For request logs (runserver's django.server): query values never reach the log."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001
            message = str(record.msg)
        record.msg = redact_query(message)
        record.args = ()
        return True
