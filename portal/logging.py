"""Log filter that masks personal data (身份证号, phone numbers) before any handler writes it."""

import logging
import re

# 18-character resident ID numbers (17 digits + digit or X); 11-digit mainland mobile numbers.
# Guarded by non-digit lookarounds so longer numbers (e.g. order ids) are left alone.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_personal_data(text):
    """'320411198001011234 13812345678' -> '3204**********1234 138****5678'."""
    text = ID_NUMBER.sub(lambda m: f"{m[1]}{'*' * 10}{m[2]}", text)
    return MOBILE.sub(lambda m: f"{m[1]}****{m[2]}", text)


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
