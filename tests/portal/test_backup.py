"""Backups: a populated database and its uploads go into one archive and come back in full.

The restore runs in a separate process against a brand-new database (a new SQLite file, or a new
PostgreSQL database when the suite runs on PostgreSQL), as an operator would run it.
"""

import io
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from branches.models import OrganizationRole
from portal.backup import EXCLUDED
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)

FILES = {
    "activities/2026/03/支委会签到表.jpg": bytes(range(256)) * 40,
    "activities/2026/03/minutes.pdf": b"%PDF-1.4 minutes",
    "reports/2025/总结.docx": "年度总结".encode() * 100,
}


def populate(media_root):
    call_command("load_demo", stdout=io.StringIO())
    role = factories.OrganizationRoleFactory()
    role.role = OrganizationRole.Role.COMMITTEE
    role.save()
    factories.OrganizationRoleFactory().delete()  # leaves a deletion in the history
    for name, data in FILES.items():
        path = media_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# Django's JSON serializer keeps datetimes and times to the millisecond: 10:03:42.000123 is
# written "10:03:42.000" and comes back as 10:03:42, written "10:03:42". Compare at that level.
WHOLE_SECOND = re.compile(r"(\d{2}:\d{2}:\d{2})\.000(?!\d)")


def rows_of(dump_text):
    return {
        WHOLE_SECOND.sub(r"\1", json.dumps(obj, sort_keys=True, ensure_ascii=False))
        for obj in json.loads(dump_text)
    }


def source_rows():
    out = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, stdout=out)
    return rows_of(out.getvalue())


class EmptyDatabase:
    """A new, empty database of the same engine as the test database, dropped afterwards."""

    def __init__(self, tmp_path, suffix="_restored"):
        self.settings = connection.settings_dict
        if connection.vendor == "sqlite":
            self.url = f"sqlite:///{tmp_path / f'{suffix}.sqlite3'}"
        else:
            self.name = f"{self.settings['NAME']}{suffix}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')
            s = self.settings
            auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
            self.url = (
                f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{self.name}"
            )

    def _admin(self, sql):
        import psycopg2

        s = self.settings
        conn = psycopg2.connect(
            dbname="postgres",
            user=s["USER"],
            password=s.get("PASSWORD") or None,
            host=s["HOST"] or "127.0.0.1",
            port=s["PORT"] or 5432,
        )
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)
        conn.close()

    def drop(self):
        if connection.vendor != "sqlite":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')


@pytest.fixture
def empty_database(tmp_path):
    database = EmptyDatabase(tmp_path)
    yield database
    database.drop()


def manage(*args, database_url, media_root):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        SECRET_KEY="backup-test-key",
        DJANGO_DEBUG="0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def assert_restored(empty_database, restored_media, expected_rows):
    dump = manage(
        "dumpdata",
        *[f"--exclude={label}" for label in EXCLUDED],
        "--natural-foreign",
        database_url=empty_database.url,
        media_root=restored_media,
    )
    restored = rows_of(dump)
    assert restored == expected_rows, (
        f"missing: {list(expected_rows - restored)[:3]} extra: {list(restored - expected_rows)[:3]}"
    )
    for name, data in FILES.items():
        assert (restored_media / name).read_bytes() == data, name


def test_backup_restores_every_row_and_file_into_an_empty_database(
    tmp_path, settings, empty_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    populate(settings.MEDIA_ROOT)
    expected = source_rows()
    assert len(expected) > 100  # the demo data: users, roles, members, records, history ...

    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "备份完成" in out.getvalue() and f"{len(FILES)} files" in out.getvalue()

    restored_media = tmp_path / "restored-media"
    out = manage(
        "restore", str(archive), database_url=empty_database.url, media_root=restored_media
    )
    assert "恢复完成" in out
    assert_restored(empty_database, restored_media, expected)

    # On PostgreSQL the archive also holds a pg_dump copy, restorable with pg_restore.
    with tarfile.open(archive) as tar:
        assert ("database.pgdump" in tar.getnames()) == (connection.vendor == "postgresql")
    if connection.vendor == "postgresql":
        second = EmptyDatabase(tmp_path, suffix="_pgrestored")
        try:
            media = tmp_path / "pg-restored-media"
            manage("restore", "--pgdump", str(archive), database_url=second.url, media_root=media)
            assert_restored(second, media, expected)
        finally:
            second.drop()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    factories.OrganizationRoleFactory()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = source_rows()
    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert source_rows() == before


def test_restore_rejects_an_archive_with_unsafe_paths(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in (("manifest.json", b'{"format": 1}'), ("media/../../escape.txt", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="不安全的文件路径"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert not (tmp_path / "escape.txt").exists()


def test_restore_rejects_a_file_that_is_not_a_backup(tmp_path):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("readme.txt")
        tar.addfile(info, io.BytesIO(b""))
    with pytest.raises(CommandError, match="不是门户的备份文件"):
        call_command("restore", str(archive), stdout=io.StringIO())
