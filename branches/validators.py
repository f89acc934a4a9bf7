"""Checks and masking of personal data: 身份证号 (GB 11643-1999) and Chinese phone numbers.

Validators raise ValidationError with a Chinese message, so model forms, the admin and the Excel
import all show the same text next to the field.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dXx]$")

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
# Area code (010, 021, 0519, ...), 7-8 digit number, optional extension.
LANDLINE_PATTERN = re.compile(r"^0\d{2,3}-?[1-9]\d{6,7}(-\d{1,6})?$")


def normalize_id_number(value):
    return (value or "").strip().replace(" ", "").upper()


def id_check_char(first17):
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def id_birth_date(value):
    """The birth date encoded in an 18-digit 身份证号, or None when it is not a real date."""
    value = normalize_id_number(value)
    if not ID_PATTERN.match(value):
        return None
    try:
        return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def id_gender(value):
    """'M' or 'F' from the 17th digit (odd = male), or None."""
    value = normalize_id_number(value)
    if not ID_PATTERN.match(value):
        return None
    return "M" if int(value[16]) % 2 else "F"


def validate_id_number(value):
    value = normalize_id_number(value)
    if not value:
        return
    if "*" in value:
        raise ValidationError(_("身份证号被遮盖（含 *），请填写完整号码。"), code="masked")
    if not ID_PATTERN.match(value):
        raise ValidationError(
            _("身份证号应为 18 位：前 17 位是数字，最后一位是数字或 X。"), code="format"
        )
    birth = id_birth_date(value)
    if birth is None:
        raise ValidationError(_("身份证号中的出生日期（第 7–14 位）不是有效日期。"), code="date")
    if birth > datetime.date.today() or birth.year < 1900:
        raise ValidationError(_("身份证号中的出生日期不合理。"), code="date")
    if id_check_char(value[:17]) != value[17]:
        raise ValidationError(
            _("身份证号校验位不正确（按 GB 11643 计算应为 %(char)s），请核对号码。")
            % {"char": id_check_char(value[:17])},
            code="checksum",
        )


def normalize_phone(value):
    value = (value or "").strip()
    for char in " ()（）":
        value = value.replace(char, "")
    value = value.replace("—", "-").replace("－", "-")
    if value.startswith("+86"):
        value = value[3:].lstrip("-")
    if MOBILE_PATTERN.match(value.replace("-", "")):
        return value.replace("-", "")
    return value


def validate_phone(value):
    value = normalize_phone(value)
    if not value:
        return
    if "*" in value:
        raise ValidationError(_("联系电话被遮盖（含 *），请填写完整号码。"), code="masked")
    if MOBILE_PATTERN.match(value) or LANDLINE_PATTERN.match(value):
        return
    raise ValidationError(
        _("请填写 11 位手机号（如 13812345678）或带区号的固定电话（如 0519-86123456）。"),
        code="phone",
    )


def mask_id_number(value):
    """3204**********1234: the region prefix and the last four stay readable."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value):
    """138****5678 for mobiles; 0519-****6123 style for landlines (last four kept)."""
    if not value:
        return ""
    if MOBILE_PATTERN.match(value):
        return value[:3] + "****" + value[-4:]
    if "-" in value:
        area, _sep, rest = value.partition("-")
        return f"{area}-" + "*" * max(len(rest) - 4, 0) + rest[-4:]
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]
