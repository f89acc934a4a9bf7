"""`manage.py keep_figures`: a fresh data version for every organisation (branches.kept).

Every cached figure and scope is dropped (its token is gone) and organisations written in bulk (generate_scale,
restores) get the version row without which their figures are computed every time. `--check`
compares the kept compliance figures (and their totals) of every organisation with a full
recomputation instead. `--warm` computes and keeps this year's compliance figures of every
organisation now (after a deploy, a restore or a cache flush, or nightly for the new day), so the
first view of a district overview or a province roll-up reads them instead of computing them all;
it needs a shared cache (REDIS_URL): a process's own memory is gone when the command ends.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from branches import kept
from branches.models import Organization
from branches.selectors.compliance import (
    Summary,
    compliance_for,
    compliance_summaries,
    compute_compliance,
)
from portal.models import DataVersion, User, new_token


class Command(BaseCommand):
    help = "重建派生数据的版本（清除全部缓存的合规等统计）；--check 与完全重算比对。"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只比对，不重建")
        parser.add_argument("--warm", action="store_true", help="不重建，预先计算今年的合规统计")

    def handle(self, *args, **options):
        if options["check"]:
            return self._check()
        if options["warm"]:
            return self._warm()
        ids = list(Organization.objects.values_list("id", flat=True))
        DataVersion.objects.exclude(organization_id__in=ids).delete()
        kept.start(ids)
        # Every account a new scope token (those written in bulk have none: never cached).
        User.objects.update(scope_token=new_token())
        self.stdout.write(f"已为 {len(ids)} 个党组织重建数据版本。")

    def _warm(self):
        today = datetime.date.today()
        organizations = list(Organization.objects.order_by("id"))
        for start in range(0, len(organizations), 200):
            compliance_summaries(organizations[start : start + 200], year=today.year, today=today)
        shared = "locmem" not in settings.CACHES["default"]["BACKEND"]
        self.stdout.write(
            f"已预先计算 {len(organizations)} 个党组织 {today.year} 年的合规统计"
            + ("。" if shared else "（未配置 REDIS_URL：结果只在本进程内，命令结束即失效）。")
        )

    def _check(self):
        today = datetime.date.today()
        organizations = list(Organization.objects.all())
        differ = []
        for start in range(0, len(organizations), 200):
            chunk = organizations[start : start + 200]
            kept_ = compliance_for(chunk, year=today.year, today=today)
            totals = compliance_summaries(chunk, year=today.year, today=today)
            fresh = compute_compliance(chunk, year=today.year, today=today)
            differ += [
                org
                for org in chunk
                if kept_[org.id] != fresh[org.id] or totals[org.id] != Summary.of(fresh[org.id])
            ]
        if differ:
            raise CommandError("与完全重算不一致：" + "、".join(str(org) for org in differ[:20]))
        self.stdout.write(f"{len(organizations)} 个党组织的合规统计与完全重算一致。")
