from django.core.management.base import BaseCommand

from branches.models import ImportPreview


class Command(BaseCommand):
    help = (
        "删除过期未确认的导入预览文件。Remove roster import previews that were never confirmed "
        "(each new preview also does this; for a nightly timer)."
    )

    def handle(self, *args, **options):
        removed = ImportPreview.purge_expired()
        self.stdout.write(f"已删除 {removed} 份过期的导入预览 Removed {removed} expired previews.")
