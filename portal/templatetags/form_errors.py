"""{% form_error_summary form other_form formset %}: the error summary at the top of a form page.

A refused save comes back at the top of the page, and on a phone the field at fault may be far
below. The summary (templates/partials/form_errors.html) lists every error of the given forms and
formsets, each linked to its field; static/js/forms.js moves the focus to it when the page loads.
The fields themselves carry aria-invalid and aria-describedby (Django's BoundField does that for
every field rendered through its widget, crispy or not), pointing at the error text beside them.
"""

from django import template
from django.forms import BaseFormSet
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

register = template.Library()


def _target(bound):
    """The id of the element a link to the field should reach (the first option of a group)."""
    if bound.is_hidden or not bound.auto_id:
        return ""
    if bound.id_for_label:
        return bound.id_for_label
    return f"{bound.auto_id}_0" if getattr(bound.field, "choices", None) else bound.auto_id


def _entries(form):
    if isinstance(form, BaseFormSet):
        for message in form.non_form_errors():
            yield {"label": "", "message": message, "target": ""}
        for number, each in enumerate(form.forms, 1):
            for entry in _entries(each):
                if entry["label"]:  # which row: "议题（第 2 项）"
                    entry["label"] = _("%(label)s（第 %(n)s 项）") % {
                        "label": entry["label"],
                        "n": number,
                    }
                yield entry
        return
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            for message in messages:
                yield {"label": "", "message": message, "target": ""}
            continue
        bound = form[name]
        label = "" if bound.is_hidden else bound.label
        for message in messages:
            yield {"label": label, "message": message, "target": _target(bound)}


@register.inclusion_tag("partials/form_errors.html")
def form_error_summary(*forms):
    errors = [entry for form in forms if form is not None for entry in _entries(form)]
    return {"errors": errors}
