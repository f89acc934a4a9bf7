"""The project's admin site: every changelist of every registered model (ours and third-party)
treats a filter value that no column can hold as the admin's "invalid filter", never a 500.

Django turns a non-numeric id in a filter into its "invalid filter" redirect (`?e=1`), but a
number past 64 bits reaches the database driver (SQLite: OverflowError on `?group=1e20` written
out), and a date-hierarchy year of 9999 overflows the date arithmetic. The site wraps each
registered ModelAdmin so its changelist checks the query string first.
"""

import functools

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.forms import AuthenticationForm

# No integer column of SQLite or PostgreSQL holds a value outside the signed 64-bit range.
SMALLEST, LARGEST = -(2**63), 2**63 - 1


def out_of_range(value):
    """True for an integer (as Python's int() reads it: "１２", " 5", "1_000") no column holds."""
    for part in str(value).split(","):  # __in filters take a comma-separated list
        try:
            number = int(part)
        except ValueError:
            continue  # not an integer: the field's own conversion refuses it, if it must
        if not SMALLEST <= number <= LARGEST:
            return True
    return False


class SafeLookupsChangeList:
    """Mixed into a ChangeList class: filter values the database or the calendar cannot take
    raise IncorrectLookupParameters, which changelist_view answers with its `?e=1` redirect."""

    def get_filters(self, request):
        for key, values in self.get_filters_params().items():
            for value in values if isinstance(values, list) else [values]:
                if out_of_range(value):
                    raise IncorrectLookupParameters(f"{key}: {value} is out of range")
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:  # e.g. date hierarchy: year 9999 + 1
            raise IncorrectLookupParameters(error) from error


@functools.cache
def safe_changelist_class(changelist_class):
    return type(f"Safe{changelist_class.__name__}", (SafeLookupsChangeList, changelist_class), {})


class SafeLookupsAdminMixin:
    def get_changelist(self, request, **kwargs):
        return safe_changelist_class(super().get_changelist(request, **kwargs))


class PortalAdminSite(admin.AdminSite):
    """Staff, and any active account whose role brings permissions with it (a secretary's roster
    upkeep: branches.backends), may enter; each page still checks its own permission. The login
    is the portal's (no staff-only login form)."""

    login_form = AuthenticationForm

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_staff or bool(user.get_all_permissions()))

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SafeLookupsAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (SafeLookupsAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)
