"""Plain text only: typed text may not carry control characters or NUL bytes.

PostgreSQL refuses NUL bytes in text, and the Word and Excel exports cannot hold control
characters (XML forbids them), so one such character typed or pasted into a form would break
every later export of the record. Forms reject them next to the field with a Chinese message;
tab, line feed and carriage return stay allowed.
"""

import functools
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from portal.dates import PlausibleDatesMixin

# C0 and C1 control characters except \t \n \r, and the two non-characters XML forbids.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@deconstructible
class PlainTextValidator:
    message = _("含有无法保存的控制字符（如从其他软件粘贴带入的不可见字符），请删除后重新填写。")
    code = "control_characters"

    def __call__(self, value):
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, PlainTextValidator)


validate_plain_text = PlainTextValidator()


class PlainTextFormMixin:
    """Add to a form's bases: every text field of the form refuses control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and validate_plain_text not in field.validators:
                # Ours covers NUL too: drop Django's own check so NUL gets one message, not two.
                field.validators = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                field.validators.append(validate_plain_text)


class PlainTextModelForm(PlausibleDatesMixin, PlainTextFormMixin, forms.ModelForm):
    """The base form of the admin pages that edit the portal's records (plain text, plausible
    dates)."""


@functools.lru_cache(maxsize=4096)
def pinyin_keys(name):
    """What a person types to find a Chinese name on a phone: its pinyin initials and its full
    pinyin, lower case ("张三" -> "zs zhangsan"). Characters with several readings take the most
    common one (pypinyin's choice); non-Chinese characters are kept as they are."""
    from pypinyin import Style, lazy_pinyin

    name = (name or "").strip()
    if not name:
        return ""
    first = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")).lower()
    full = "".join(lazy_pinyin(name, errors="default")).lower()
    return f"{first} {full}".replace("\u00b7", "")
