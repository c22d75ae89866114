"""Acceptance: two demo districts exported and merged into a province database through the CLI;
re-importing changes nothing; reports across districts show both; bad files change nothing."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from moi_desktop.cli import main
from tests.exchange_support import PASSWORD, file_state, set_office, unpack_bundle

pytestmark = pytest.mark.slow  # builds two demo districts (~10 s), once for the module


@pytest.fixture(scope="module")
def demos(tmp_path_factory):
    """Two demo districts (seeds 1 and 2: คลองขลุง กำแพงเพชร, ตะพานหิน พิจิตร) and an empty
    province office (กำแพงเพชร), built once; tests work on copies."""
    from moi_desktop.db import open_database
    from moi_desktop.demo import build_demo, pilot_district_code

    base = tmp_path_factory.mktemp("demos")
    saved = os.environ.get("MOI_DESKTOP_DATA_DIR")
    os.environ["MOI_DESKTOP_DATA_DIR"] = str(base / "data")  # demo photos never reach the real data dir
    try:
        paths = {"d1": build_demo(base / "d1.sqlite3", 1), "d2": build_demo(base / "d2.sqlite3", 2)}
        db = open_database(base / "p.sqlite3")
        set_office(db, "province", "62")
        db.close()
        paths["p"] = base / "p.sqlite3"
    finally:
        if saved is None:
            os.environ.pop("MOI_DESKTOP_DATA_DIR", None)
        else:
            os.environ["MOI_DESKTOP_DATA_DIR"] = saved
    assert (pilot_district_code(1), pilot_district_code(2)) == ("6205", "6604")
    return paths


@pytest.fixture
def work(demos, tmp_path):
    paths = {}
    for name, src in demos.items():
        paths[name] = shutil.copy(src, tmp_path / src.name)
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    paths["pw"] = pw
    return {k: Path(v) for k, v in paths.items()}


def run(capsys, *argv) -> tuple[int, dict | None, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if code == 0 and out.out.strip().startswith(("{", "[")) else None), out.err


def _pks(path: Path) -> dict[str, set]:
    from moi_desktop.db import open_database
    from moi_desktop.exchange import exchange_tables

    db = open_database(path)
    try:
        return {t.name: set(db.execute(f"SELECT {', '.join(t.pk)} FROM [{t.name}]").fetchall())
                for t in exchange_tables(db)}
    finally:
        db.close()


def _report_rows(path: Path, key: str, params=None):
    from moi_desktop.db import open_database
    from moi_desktop.reports import get_report, resolve_params

    db = open_database(path)
    try:
        spec = get_report(key)
        return spec.build(db, resolve_params(db, spec, params or {}))
    finally:
        db.close()


def test_two_districts_merge_into_the_province(work, capsys, tmp_path):
    pw = ("--password-file", work["pw"])
    code, one, _ = run(capsys, "bundle", "export", "--db", work["d1"], "--out", tmp_path / "d1.moib", *pw, "--json")
    assert code == 0 and one["destination"] == "province:62" and one["scope"] == "all"
    code, _, _ = run(capsys, "bundle", "export", "--db", work["d2"], "--out", tmp_path / "d2.moib", *pw,
                       "--to", "62", "--json")
    assert code == 0

    before = _pks(work["p"])
    code, preview, _ = run(capsys, "bundle", "import", tmp_path / "d1.moib", "--db", work["p"], *pw, "--dry-run",
                           "--json")
    assert code == 0 and preview["dry_run"]
    assert set(preview["tables"]["members"]) == {"new", "updated", "unchanged", "conflicts"}
    assert _pks(work["p"]) == before

    reports = []
    for name in ("d1", "d2"):
        code, report, _ = run(capsys, "bundle", "import", tmp_path / f"{name}.moib", "--db", work["p"], *pw, "--json")
        assert code == 0 and report["totals"]["conflicts"] == 0
        assert report["tables"] == {**preview["tables"], **report["tables"]}  # the same tables
        reports.append(report)
    assert reports[0]["tables"] == preview["tables"]  # the dry run said exactly what happened

    d1, d2, p = _pks(work["d1"]), _pks(work["d2"]), _pks(work["p"])
    for table in p:
        assert p[table] == before[table] | d1[table] | d2[table], table  # counts add up per table
        new = sum(r["tables"][table]["new"] for r in reports)
        assert len(p[table]) == len(before[table]) + new, table
    assert len(p["members"]) == len(d1["members"]) + len(d2["members"]) > 0
    assert len(p["attendance"]) == len(d1["attendance"]) + len(d2["attendance"]) > 0

    state = file_state(work["p"])
    for name in ("d1", "d2"):
        code, again, _ = run(capsys, "bundle", "import", tmp_path / f"{name}.moib", "--db", work["p"], *pw, "--json")
        assert code == 0 and again["already_imported"]
        assert again["totals"]["new"] == again["totals"]["updated"] == again["totals"]["conflicts"] == 0
    assert file_state(work["p"]) == state  # re-importing both changes nothing at all

    # Reports across districts show both.
    summary = {k: _report_rows(work[k], "members-sector-summary").totals["count"] for k in ("d1", "d2", "p")}
    assert summary["p"] == summary["d1"] + summary["d2"] > 0
    subdistricts = {r["subdistrict"] for r in _report_rows(work["p"], "cases-by-subdistrict").rows}
    for k in ("d1", "d2"):
        assert {r["subdistrict"] for r in _report_rows(work[k], "cases-by-subdistrict").rows} <= subdistricts

    code, status, _ = run(capsys, "bundle", "status", "--db", work["p"], "--json")
    received = {s["district_code"]: s for s in status["received"] if s["bundles"]}
    assert set(received) == {"6205", "6604"}
    assert received["6604"]["last_counts"]["members"]["new"] == len(d2["members"])

    # The receipt goes back to the district and confirms its bundle.
    code, confirmed, _ = run(capsys, "bundle", "receipt", tmp_path / "d1.receipt.moir", "--db", work["d1"], *pw,
                             "--json")
    assert code == 0 and confirmed["bundle_id"] == one["bundle_id"]
    code, info, _ = run(capsys, "info", "--db", work["d1"], "--json")
    assert info["exchange"]["bundles_confirmed"] == 1


def test_aggregate_only_bundle_carries_no_names(work, capsys, tmp_path):
    pw = ("--password-file", work["pw"])
    code, result, _ = run(capsys, "bundle", "export", "--db", work["d1"], "--out", tmp_path, *pw,
                          "--aggregate-only", "all", "--json")
    assert code == 0 and "members" in result["aggregate_only"] and result["files"] == 0
    from moi_desktop.db import open_database

    _, tables, _ = unpack_bundle(result["path"])
    db = open_database(work["d1"])
    name = db.execute("SELECT first_name || ' ' || last_name FROM members LIMIT 1").fetchone()[0]
    db.close()
    assert all(name.split()[0] not in data.decode() for data in tables.values())
    code, report, _ = run(capsys, "bundle", "import", result["path"], "--db", work["p"], *pw, "--json")
    assert code == 0 and report["tables"]["members"]["new"] > 0


def _subprocess(*argv):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "moi_desktop", *map(str, argv)], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120, check=False)


def test_damaged_truncated_or_wrongly_keyed_bundles_change_nothing(work, capsys, tmp_path):
    pw = ("--password-file", work["pw"])
    code, result, _ = run(capsys, "bundle", "export", "--db", work["d1"], "--out", tmp_path / "good.moib", *pw,
                          "--json")
    assert code == 0
    data = Path(result["path"]).read_bytes()
    (tmp_path / "truncated.moib").write_bytes(data[: len(data) // 2])
    flipped = bytearray(data)
    flipped[len(data) // 3] ^= 0x10
    (tmp_path / "damaged.moib").write_bytes(bytes(flipped))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("รหัสผิด-wrong-1234", encoding="utf-8")

    state = file_state(work["p"])
    cases = [("truncated.moib", work["pw"], "ไม่ครบ"), ("damaged.moib", work["pw"], "เสียหาย"),
             ("good.moib", wrong, "รหัสผ่านไม่ถูกต้อง")]
    for name, password_file, expected in cases:
        done = _subprocess("bundle", "import", tmp_path / name, "--db", work["p"], "--password-file", password_file,
                           "--json")
        assert done.returncode != 0, name
        assert expected in done.stderr, (name, done.stderr)
        assert "Traceback" not in done.stderr
        assert file_state(work["p"]) == state, name
    assert not list(tmp_path.glob("*.moir"))


def test_several_bundles_in_one_command(work, capsys, tmp_path):
    pw = ("--password-file", work["pw"])
    for name in ("d1", "d2"):
        code, _, _ = run(capsys, "bundle", "export", "--db", work[name], "--out", tmp_path / f"{name}.moib", *pw,
                         "--to", "62", "--json")
        assert code == 0
    files = [tmp_path / "d1.moib", tmp_path / "d2.moib"]
    code, _, err = run(capsys, "bundle", "import", *files, "--db", work["p"], *pw, "--receipt", tmp_path / "r.moir")
    assert code != 0 and "--receipt" in err  # one receipt path cannot serve two senders

    code, reports, _ = run(capsys, "bundle", "import", *files, "--db", work["p"], *pw, "--json")
    assert code == 0 and [r["sender"]["district_code"] for r in reports] == ["6205", "6604"]
    assert all(Path(r["receipt"]).exists() for r in reports)
    p, d1, d2 = _pks(work["p"]), _pks(work["d1"]), _pks(work["d2"])
    assert p["members"] == d1["members"] | d2["members"] and p["attendance"] == d1["attendance"] | d2["attendance"]

    assert main([str(a) for a in ("bundle", "import", *files, "--db", work["p"], *pw)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("ชุดข้อมูลนี้เคยนำเข้าแล้ว") == 2  # each file reported, in turn
