"""Helpers for writing browser journeys (the fixtures are in conftest.py)."""


def is_phone(page):
    """True at the phone viewport (the navigation is collapsed behind a toggler)."""
    return page.viewport_size["width"] < 768
