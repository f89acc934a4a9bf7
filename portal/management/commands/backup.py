from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.backup import create_backup


class Command(BaseCommand):
    help = (
        "备份数据库和上传文件到一个 .tar.gz。Back up the database and uploaded files "
        "(default: var/backups/portal-<time>.tar.gz)."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", nargs="?", help="archive path (.tar.gz)")

    def handle(self, *args, output=None, **options):
        if not output:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "var" / "backups" / f"portal-{stamp}.tar.gz"
        manifest = create_backup(output)
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成 Backup written: {output} ({rows} rows, {manifest['files']} files)"
            )
        )
