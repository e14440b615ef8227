"""Back up a running system into one archive (database, received files, link key, manifest) and restore it.

The database is copied first, as one consistent snapshot; the received files after it. A file is put in place
before the transaction that refers to it commits and is never changed afterwards (its name is its sha256), so
every file the snapshot refers to is already there when the files are copied; files that arrive later come
along unreferenced, which is harmless. The manifest counts and digests every table and hashes every file, and
a restore checks both before it says it is done.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import socket
import tarfile
import tempfile
from pathlib import Path
from typing import BinaryIO

from kehoach import clock
from kehoach.errors import KehoachError
from kehoach.settings import SECRET_FILE, get_settings
from models.backup import (
    DUMP_NAMES,
    backend_of,
    list_kept_files,
    list_tables_with_rows,
    require_backend,
    restore_database,
    snapshot_database,
    table_digests,
)

MANIFEST = "manifest.json"
FORMAT = 1
CHUNK = 1 << 20


class _Hashing:
    """Read a file while hashing what was read."""

    def __init__(self, f: BinaryIO) -> None:
        self.f, self.digest = f, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.digest.update(data)
        return data


def _mode(path: Path, write: bool) -> str:
    gz = path.name.endswith((".tar.gz", ".tgz"))
    return ("w:gz" if gz else "w") if write else "r:*"


def take_backup(dest: Path) -> dict:
    """Write the database, the received files and the link key of this data dir into one archive; return its manifest.

    Safe while the portal, the CLI and the flows write: nothing is locked for longer than SQLite's one-step copy.
    """
    settings = get_settings()
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.is_dir():
        raise KehoachError(f"“{dest}” là một thư mục.", "backup_target_dir", "Đặt tên tệp, ví dụ kehoach-sao-luu.tar.")
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".kehoach-backup-") as tmp:
        snap = snapshot_database(url=settings.db_url, dest_dir=Path(tmp))
        partial = Path(tmp) / "archive"
        files: dict[str, dict] = {}
        damaged: list[str] = []
        with tarfile.open(partial, _mode(dest, write=True)) as tar:
            tar.add(snap.path, arcname=f"database/{snap.path.name}")
            folder = settings.files_dir
            for path in sorted(folder.iterdir()) if folder.is_dir() else []:
                if path.name.startswith(".") or not path.is_file():
                    continue  # a file still being received is hidden until it is complete
                try:
                    f = path.open("rb")
                except FileNotFoundError:
                    continue  # dropped by a transaction that failed: nothing refers to it
                with f:
                    info = tar.gettarinfo(arcname=f"files/{path.name}", fileobj=f)
                    reader = _Hashing(f)
                    tar.addfile(info, reader)
                sha = reader.digest.hexdigest()
                files[path.name] = {"size": info.size, "sha256": sha}
                if path.name.split(".", 1)[0] != sha:
                    damaged.append(path.name)
            key = settings.data_dir / SECRET_FILE
            if key.is_file():
                tar.add(key, arcname=SECRET_FILE)
            manifest = {
                "format": FORMAT,
                "created_at": clock.now().isoformat(),
                "host": socket.gethostname(),
                "database": {
                    "backend": snap.backend,
                    "file": f"database/{snap.path.name}",
                    "tables": snap.tables,
                },
                "files": files,
                "damaged_files": damaged,
                "secret_key": key.is_file(),
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(clock.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, dest)
    return manifest


def check_restore_target() -> None:
    """Refuse to restore over anything: the data dir, the files dir and the database must all be empty."""
    settings = get_settings()
    data_dir = settings.data_dir.resolve()
    for folder, what in ((data_dir, "thư mục dữ liệu"), (settings.files_dir.resolve(), "thư mục tệp")):
        entries = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        if entries:
            shown = ", ".join(entries[:5]) + (", …" if len(entries) > 5 else "")
            raise KehoachError(
                f"{what} {folder} không trống ({len(entries)} mục: {shown}); khôi phục chỉ ghi vào chỗ trống để "
                "không đè lên dữ liệu đang có.",
                "restore_not_empty",
                "Chọn một thư mục mới: KEHOACH_DATA_DIR=/đường/dẫn/mới kehoach restore TỆP "
                "(hoặc tự di chuyển dữ liệu cũ đi chỗ khác trước).",
            )
    tables = list_tables_with_rows(url=settings.db_url)
    if tables:
        url = settings.db_url
        where = url.split("@")[-1] if "@" in url else url
        raise KehoachError(
            f"cơ sở dữ liệu {where} đã có {len(tables)} bảng; khôi phục chỉ vào cơ sở dữ liệu trống.",
            "restore_not_empty",
            "Tạo một cơ sở dữ liệu trống (PostgreSQL: CREATE DATABASE …) rồi trỏ KEHOACH_DATABASE_URL tới nó.",
        )


def read_manifest(source: Path) -> dict:
    """Return the manifest of a backup archive (refusing a file that is not one)."""
    try:
        with tarfile.open(source, "r:*") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except (tarfile.TarError, KeyError, ValueError, EOFError) as exc:
        raise KehoachError(
            f"“{source}” không phải bản sao lưu của kehoach ({type(exc).__name__}).",
            "not_a_backup",
            "Chỉ đúng tệp do lệnh kehoach backup tạo ra.",
        ) from exc
    if not manifest or manifest.get("format") != FORMAT:
        raise KehoachError(f"“{source}” không phải bản sao lưu kehoach dạng {FORMAT}.", "not_a_backup")
    return manifest


def restore_backup(source: Path) -> dict:
    """Restore an archive into an empty data dir and database, then check every table and file against its manifest.

    Returns what was restored: {"tables", "rows", "files", "secret_key", "revision"}. Anything written is taken away
    again when a check fails, so the next try starts from empty as well.
    """
    from models.migrate import upgrade_to_head

    settings = get_settings()
    source = source.resolve()
    check_restore_target()
    manifest = read_manifest(source)
    db = manifest["database"]
    require_backend(url=settings.db_url, backend=db["backend"])
    created: list[Path] = []
    data_dir, files_dir = settings.data_dir.resolve(), settings.files_dir.resolve()
    try:
        for folder in (data_dir, files_dir):
            if not folder.exists():
                folder.mkdir(parents=True)
                created.append(folder)
        files_seen = _extract(source, manifest, settings, files_dir)
        with tempfile.TemporaryDirectory(dir=data_dir, prefix=".restore-") as tmp:
            dump = Path(tmp) / DUMP_NAMES[db["backend"]]
            with tarfile.open(source, "r:*") as tar, tar.extractfile(db["file"]) as src, dump.open("wb") as out:
                shutil.copyfileobj(src, out, CHUNK)
            restore_database(url=settings.db_url, backend=db["backend"], path=dump)
        got = table_digests(url=settings.db_url)
        differ = sorted(t for t in set(got) | set(db["tables"]) if got.get(t) != db["tables"].get(t))
        if differ:
            raise KehoachError(
                f"dữ liệu khôi phục không khớp bản kê ở các bảng: {', '.join(differ)}.",
                "restore_mismatch",
                "Bản sao lưu có thể đã hỏng; thử một bản khác.",
            )
        missing = sorted(list_kept_files(url=settings.db_url) - set(manifest["files"]))
        if missing:
            raise KehoachError(
                f"thiếu {len(missing)} tệp mà cơ sở dữ liệu nhắc tới (ví dụ {missing[0]}).",
                "restore_missing_files",
                "Bản sao lưu không đầy đủ; thử một bản khác.",
            )
        revision = upgrade_to_head(settings.db_url)  # a backup from an older version comes up to this one
    except BaseException:
        _undo(settings, created, data_dir, files_dir)
        raise
    return {
        "tables": len(got),
        "rows": sum(t["rows"] for t in got.values()),
        "files": files_seen,
        "secret_key": manifest.get("secret_key", False),
        "revision": revision,
        "created_at": manifest.get("created_at"),
    }


def _extract(source: Path, manifest: dict, settings, files_dir: Path) -> int:
    """Write every file of the archive into place, each checked against the manifest's sha256; return how many."""
    expected = manifest["files"]
    seen = 0
    with tarfile.open(source, "r:*") as tar:
        for member in tar:
            if member.name == SECRET_FILE:
                path = settings.data_dir.resolve() / SECRET_FILE
            elif member.name.startswith("files/"):
                name = member.name.removeprefix("files/")
                if "/" in name or name.startswith(".") or name not in expected:
                    raise KehoachError(f"bản sao lưu có mục lạ: {member.name}.", "restore_unexpected_member")
                path = files_dir / name
            else:
                continue
            src = tar.extractfile(member)
            if src is None:
                raise KehoachError(f"bản sao lưu có mục lạ: {member.name}.", "restore_unexpected_member")
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, src:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if member.name != SECRET_FILE:
                if digest.hexdigest() != expected[name]["sha256"]:
                    os.unlink(tmp)
                    raise KehoachError(
                        f"tệp {name} trong bản sao lưu không khớp mã SHA-256 của bản kê.",
                        "restore_mismatch",
                        "Bản sao lưu có thể đã hỏng; thử một bản khác.",
                    )
                seen += 1
            else:
                os.chmod(tmp, 0o600)
            os.replace(tmp, path)
    if seen != len(expected):
        raise KehoachError(
            f"bản sao lưu thiếu {len(expected) - seen} tệp so với bản kê.",
            "restore_missing_files",
            "Bản sao lưu không đầy đủ; thử một bản khác.",
        )
    return seen


def _undo(settings, created: list[Path], data_dir: Path, files_dir: Path) -> None:
    """Take away what a failed restore wrote (both folders were empty before it began)."""
    for folder in (files_dir, data_dir):
        if folder.is_dir():
            for p in folder.iterdir():
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
    for folder in reversed(created):
        shutil.rmtree(folder, ignore_errors=True)
    if backend_of(settings.db_url) == "sqlite":
        from sqlalchemy.engine import make_url

        db = Path(make_url(settings.db_url).database or "")
        for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            p.unlink(missing_ok=True)
