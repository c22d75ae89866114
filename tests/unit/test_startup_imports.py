"""What starting the program costs, as behaviour (not timed: tests/benchmarks/test_bench_startup.py
times it): `--help` loads no engine, and the trust machinery still reaches every database.

Importing `moi_desktop` no longer imports `moi_desktop.security`; the first database the program
opens does (db/cipher.py). These tests run fresh processes, so nothing a test or conftest imported
beforehand can hide a database opened without its audit trail.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlite_utils", "sqlcipher3", "reportlab", "openpyxl", "PySide6", "pythainlp", "rapidfuzz",
         "moi_desktop.security", "moi_desktop.db")


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def _loaded_after(code: str) -> list[str]:
    probe = code + f"\nimport json, sys\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    result = _python(probe)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_help_loads_no_engine_and_no_database_layer():
    # What `python -m moi_desktop --help` runs (__main__.py calls cli.main(); argparse exits).
    code = ("import contextlib, io\nfrom moi_desktop.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    try:\n        main(['--help'])\n    except SystemExit as exc:\n        assert exc.code == 0\n"
            "assert 'members' in out.getvalue() and 'backup' in out.getvalue()\n")
    assert _loaded_after(code) == []


def test_a_commands_help_loads_only_that_command():
    code = ("import contextlib, io\nfrom moi_desktop.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    try:\n        main(['info', '--help'])\n    except SystemExit as exc:\n        assert exc.code == 0\n"
            "import sys\nassert 'moi_desktop.commands.members' not in sys.modules\n")
    assert "reportlab" not in _loaded_after(code)


def test_importing_the_package_opens_nothing_and_loads_no_engine():
    assert _loaded_after("import moi_desktop") == []


OPEN_AND_WRITE = """
import sys
from moi_desktop.db import open_database
from moi_desktop.db.rows import insert_row
TRAINING = {"name": "อบรมทดสอบ", "kind": "other", "start_date": "2026-01-05", "end_date": "2026-01-05"}
assert "moi_desktop.security" not in sys.modules, "nothing has imported security yet"
db = open_database(sys.argv[1])
row = insert_row(db, "trainings", TRAINING)
print(row)
"""


def test_a_database_opened_through_db_alone_is_audited_guarded_and_sealed(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    result = _python(OPEN_AND_WRITE, str(path))
    assert result.returncode == 0, result.stderr[-2000:]
    row = result.stdout.strip().splitlines()[-1]

    from moi_desktop.db import cipher, open_database
    from moi_desktop.security import integrity, list_entries

    assert not cipher.is_plain(path)  # encrypted under the key source security registers
    db = open_database(path)
    try:
        entries = list_entries(db, table_name="trainings")
        assert [(e.action, e.row_id) for e in entries] == [("create", row)]
        sealed = db.execute("SELECT count(*) FROM row_seals WHERE table_name = 'trainings' AND row_key = ?",
                            [row]).fetchone()[0]
        assert sealed == 1
        assert integrity.verify(db).ok
        assert db.__dict__.get("_moi_write_guard") is not None
    finally:
        db.close()


GUARDED_WRITE = """
import sys
from moi_desktop.db import open_database
from moi_desktop.db.rows import insert_row
TRAINING = {"name": "อบรมทดสอบ", "kind": "other", "start_date": "2026-01-05", "end_date": "2026-01-05"}
from moi_desktop.errors import UserError
db = open_database(sys.argv[1])
try:
    insert_row(db, "trainings", TRAINING)
except UserError:
    print("refused")
else:
    print("written")
"""


def test_the_write_guard_holds_on_a_database_opened_through_db_alone(accounts_db_path):
    # The accounts database has users and nobody is logged in: the write must be refused.
    result = _python(GUARDED_WRITE, str(accounts_db_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "refused"
