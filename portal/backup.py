"""Back up the database and the uploaded files into one .tar.gz, and restore it.

Archive layout (format 1):
    manifest.json     what, when, from which engine, row counts per model
    database.json     dumpdata with natural foreign keys (engine-independent: SQLite <-> PostgreSQL)
    database.pgdump   PostgreSQL only, when pg_dump is installed: pg_dump custom format
    media/...         every file of the default storage (MEDIA_ROOT or the S3 bucket)

restore_backup() loads database.json into an EMPTY database (migrate, loaddata, files). With
use_pgdump=True it runs pg_restore instead (PostgreSQL to PostgreSQL of the same major version).
"""

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
# Rebuilt by migrate (content types, permissions) or worthless after a restore (sessions, the
# login-failure log of django-axes, roster import previews: uploads kept an hour at most).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "branches.importpreview"]


class BackupError(Exception):
    pass


def _dumped_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label in excluded_models:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        yield model


def row_counts():
    return {m._meta.label_lower: m._default_manager.count() for m in _dumped_models()}


def _walk_storage(storage, directory=""):
    try:
        directories, files = storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{directory}/{name}" if directory else name
    for sub in directories:
        yield from _walk_storage(storage, f"{directory}/{sub}" if directory else sub)


def _pg_env_and_args(settings_dict):
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    args = []
    for option, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    return env, args


def create_backup(output, *, storage=default_storage):
    """Write the archive to `output` (a path); return the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "database.json"
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            indent=None,
            output=str(dump),
            verbosity=0,
        )
        files = sorted(_walk_storage(storage))
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "engine": connection.vendor,
            "rows": row_counts(),
            "files": len(files),
        }
        pgdump = None
        if connection.vendor == "postgresql" and shutil.which("pg_dump"):
            pgdump = Path(tmp) / "database.pgdump"
            env, args = _pg_env_and_args(connection.settings_dict)
            name = connection.settings_dict["NAME"]
            subprocess.run(
                ["pg_dump", *args, "-Fc", "--no-owner", "--no-privileges", "-f", pgdump, name],
                env=env,
                check=True,
                capture_output=True,
            )
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname="database.json")
            if pgdump:
                archive.add(pgdump, arcname="database.pgdump")
            for name in files:
                with storage.open(name, "rb") as handle:
                    info = tarfile.TarInfo(f"media/{name}")
                    info.size = storage.size(name)
                    info.mtime = int(timezone.now().timestamp())
                    archive.addfile(info, handle)
        partial.replace(output)  # a half-written archive never has the final name
    return manifest


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _safe_media_name(member_name):
    """'media/a/b.jpg' -> 'a/b.jpg'; refuses absolute paths and '..' (a crafted archive)."""
    relative = PurePosixPath(member_name).relative_to("media")
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(_("备份文件中有不安全的文件路径：%(name)s") % {"name": member_name})
    return str(relative)


def database_is_empty():
    return not any(count for count in row_counts().values())


def restore_backup(archive_path, *, use_pgdump=False, storage=default_storage, stdout=None):
    """Restore into an empty database and empty storage; return the manifest."""
    with tarfile.open(archive_path, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))
        except (KeyError, ValueError) as error:
            raise BackupError(_("这不是门户的备份文件（缺少 manifest.json）。")) from error
        if manifest.get("format") != FORMAT:
            raise BackupError(_("不支持的备份格式：%(f)s") % {"f": manifest.get("format")})
        media = [m for m in archive.getmembers() if m.isfile() and m.name.startswith("media/")]
        names = [_safe_media_name(m.name) for m in media]
        if use_pgdump:
            _pg_restore(archive, tmp)
        else:
            call_command("migrate", interactive=False, verbosity=0)
            if not database_is_empty():
                raise BackupError(_("目标数据库不是空的：恢复只能写入新建的空数据库。"))
            archive.extract("database.json", tmp, filter="data")
            call_command("loaddata", str(Path(tmp) / "database.json"), verbosity=0)
        for member, name in zip(media, names, strict=True):
            if storage.exists(name):
                raise BackupError(_("上传文件已存在，未覆盖：%(name)s") % {"name": name})
            saved = storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"storage renamed {name} to {saved}")
        if stdout:
            stdout.write(f"rows: {sum(manifest['rows'].values())}, files: {len(names)}")
    return manifest


def _pg_restore(archive, tmp):
    if connection.vendor != "postgresql":
        raise BackupError(_("database.pgdump 只能恢复到 PostgreSQL。"))
    try:
        archive.extract("database.pgdump", tmp, filter="data")
    except KeyError as error:
        raise BackupError(_("备份中没有 database.pgdump（备份时不是 PostgreSQL）。")) from error
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        if cursor.fetchone()[0]:
            raise BackupError(_("目标数据库不是空的：恢复只能写入新建的空数据库。"))
    env, args = _pg_env_and_args(connection.settings_dict)
    name = connection.settings_dict["NAME"]
    subprocess.run(
        [
            "pg_restore",
            *args,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "-d",
            name,
            str(Path(tmp) / "database.pgdump"),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
