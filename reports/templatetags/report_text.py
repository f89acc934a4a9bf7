"""Render report text: one paragraph per line, every line escaped (user text is never marked safe)."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def paragraphs(text):
    lines = [line.strip() for line in (text or "").splitlines()]
    return format_html_join("\n", "<p>{}</p>", ((line,) for line in lines if line))
