"""Files kept by content: every accepted file lives once at files/<sha256>.<ext>."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from kehoach.settings import get_settings


def sha256_of(data: bytes) -> str:
    """Return the hex sha256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def file_path(sha256: str, ext: str) -> Path:
    """Return where the file with this digest and extension is kept."""
    return get_settings().files_dir / f"{sha256}.{ext.lstrip('.').lower()}"


def store_file(data: bytes, ext: str) -> str:
    """Keep a file under its sha256 (atomic, idempotent) and return the digest."""
    digest = sha256_of(data)
    path = file_path(digest, ext)
    if path.exists() and path.stat().st_size == len(data):
        return digest
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def read_stored(sha256: str, ext: str) -> bytes:
    """Return a kept file's bytes."""
    return file_path(sha256, ext).read_bytes()


def stage_file(data: bytes) -> Path:
    """Write bytes to a hidden temporary file beside the kept files (synced), to be kept or dropped later."""
    folder = get_settings().files_dir
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    except FileNotFoundError:  # the first file of a new data dir
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def keep_staged(staged: Path, sha256: str, ext: str) -> bool:
    """Move a staged file to files/<sha256>.<ext>; return True if this call created it (False: it was there)."""
    path = file_path(sha256, ext)
    if path.exists() and path.stat().st_size == staged.stat().st_size:
        staged.unlink(missing_ok=True)
        return False
    os.replace(staged, path)
    return True


def drop_file(sha256: str, ext: str) -> None:
    """Remove a kept file (one that a failed transaction had just created)."""
    file_path(sha256, ext).unlink(missing_ok=True)
