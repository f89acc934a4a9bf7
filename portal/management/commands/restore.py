from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "从备份恢复到一个新建的空数据库（迁移、载入数据、写回上传文件）。Restore a backup "
        "into an empty database: migrate, load the rows, put the files back."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by `manage.py backup`")
        parser.add_argument(
            "--pgdump",
            action="store_true",
            help="PostgreSQL only: restore database.pgdump with pg_restore instead of the JSON",
        )

    def handle(self, *args, archive, pgdump=False, **options):
        try:
            manifest = restore_backup(archive, use_pgdump=pgdump)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成 Restored {rows} rows and {manifest['files']} files "
                f"(backup of {manifest['created']})"
            )
        )
