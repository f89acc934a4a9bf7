"""Form fields shared by the apps' forms."""

from django import forms
from django.core.exceptions import ValidationError

BIGINT = range(-(2**63), 2**63)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing ids no integer column can hold (a tampered form sending
    99999999999999999999 made SQLite raise OverflowError and PostgreSQL an out-of-range error,
    i.e. a 500) with the field's usual “not a valid value” message."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number at all: Django's own check reports it
            if number not in BIGINT:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
