"""{% submission_token %}: the one-time token of a form page (see portal.submissions)."""

import uuid

from django import template
from django.utils.html import format_html

from portal.submissions import TOKEN_FIELD, posted_token

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_token(context):
    """A new token, or the one just posted when the form comes back with errors."""
    request = context.get("request")
    token = (posted_token(request) if request is not None else None) or uuid.uuid4()
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, token)
