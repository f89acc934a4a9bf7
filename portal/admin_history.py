"""Admin with history and a list of deleted records an admin can restore (django-simple-history).

    @admin.register(Member)
    class MemberAdmin(RecoverDeletedAdmin):   # instead of admin.ModelAdmin / SimpleHistoryAdmin

The change list gets a "已删除记录" button: each deleted record links to simple-history's form of
its last version, whose save button (恢复此版本) puts the record back with its old id.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


class RecoverDeletedAdmin(SimpleHistoryAdmin):
    change_list_template = "admin/change_list_recover.html"
    recover_list_template = "admin/recover_list.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        recover = path(
            "recover/",
            self.admin_site.admin_view(self.recover_list_view),
            name="{}_{}_recoverlist".format(*info),
        )
        return [recover, *super().get_urls()]

    def deleted_versions(self):
        """The last version of every record that is deleted now, newest deletion first."""
        opts = self.model._meta
        history = getattr(self.model, opts.simple_history_manager_attribute)
        pk_name = opts.pk.attname
        alive = self.model._default_manager.values(pk_name)
        deletions = (
            history.filter(history_type="-")
            .exclude(**{f"{pk_name}__in": alive})
            .select_related("history_user")
            .order_by("-history_date")
        )
        latest = {}
        for version in deletions:
            latest.setdefault(getattr(version, pk_name), version)
        return list(latest.values())

    def recover_list_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        opts = self.model._meta
        info = opts.app_label, opts.model_name
        pk_name = opts.pk.attname
        rows = [
            {
                "version": version,
                "label": str(version.instance),
                "url": reverse(
                    "admin:{}_{}_simple_history".format(*info),
                    args=[quote(getattr(version, pk_name)), version.history_id],
                    current_app=self.admin_site.name,
                ),
            }
            for version in self.deleted_versions()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("已删除的%(name)s") % {"name": opts.verbose_name},
            "opts": opts,
            "rows": rows,
        }
        return render(request, self.recover_list_template, context)

    def changelist_view(self, request, extra_context=None):
        info = self.model._meta.app_label, self.model._meta.model_name
        extra_context = {
            "recover_list_url": reverse(
                "admin:{}_{}_recoverlist".format(*info), current_app=self.admin_site.name
            ),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)
