"""The `kehoach` console script, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.paths import REPO

KEHOACH = str(Path(sys.executable).parent / "kehoach")


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([KEHOACH, *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


def test_init_import_tree_group_email(tmp_path: Path) -> None:
    env = {**os.environ, "KEHOACH_DATA_DIR": str(tmp_path / "var"), "KEHOACH_DATABASE_URL": ""}
    assert run("init", env=env).returncode == 0
    assert run("init", env=env).returncode == 0  # twice is harmless
    r = run("units", "import-provinces", "Vĩnh Long", "--email-domain", "example.vn", env=env)
    assert r.returncode == 0, r.stderr
    assert "125 đơn vị" in r.stdout
    tree = json.loads(run("units", "tree", "--json", env=env).stdout)
    assert [n["code"] for n in tree] == ["86"] and len(tree[0]["children"]) == 124
    first = tree[0]["children"][0]
    assert (
        set(first) == {"code", "name", "kind", "email", "children"} and first["email"] == f"{first['code']}@example.vn"
    )

    r = run("units", "set-email", first["code"], "vanthu@xa.gov.vn", "ldvp@xa.gov.vn", env=env)
    assert r.returncode == 0, r.stderr
    tree = json.loads(run("units", "tree", "--json", env=env).stdout)
    assert tree[0]["children"][0]["email"] == "vanthu@xa.gov.vn"

    bad = run("units", "set-email", first["code"], "khong hop le", env=env)
    assert bad.returncode == 2 and "không hợp lệ" in bad.stderr

    codes = [c["code"] for c in tree[0]["children"][:3]]
    assert run("units", "group", "Cụm thi đua số 1", *codes, env=env).returncode == 0
    missing = run("units", "group", "Nhóm sai", "99999", env=env)
    assert missing.returncode == 2 and "99999" in missing.stderr


def test_bad_csv_exits_2_and_names_rows(tmp_path: Path) -> None:
    env = {**os.environ, "KEHOACH_DATA_DIR": str(tmp_path / "var"), "KEHOACH_DATABASE_URL": ""}
    run("init", env=env)
    f = tmp_path / "xau.csv"
    f.write_text("code,name,kind,parent_code,email\nA,Đơn vị A,tinh,,\nB,Đơn vị B,xa,ZZ,\n", encoding="utf-8")
    r = run("units", "import", str(f), env=env)
    assert r.returncode == 2
    assert "Dòng 3" in r.stdout and "ZZ" in r.stdout
    assert json.loads(run("units", "tree", "--json", env=env).stdout) == []


def test_the_import_help_names_every_unit_kind(tmp_path: Path) -> None:
    from models.states import UNIT_KIND_LABELS

    env = {**os.environ, "KEHOACH_DATA_DIR": str(tmp_path / "var"), "COLUMNS": "200"}
    text = run("units", "import", "--help", env=env).stdout
    assert all(kind in text for kind in UNIT_KIND_LABELS)


def test_the_command_starts_light() -> None:
    # `kehoach inspect` and every --help import neither the database layer nor Prefect
    code = "import sys, cli.main; print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'prefect') if m in sys.modules))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr
