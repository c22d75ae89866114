"""Bad input everywhere: the Thai parsers either return or raise UserError (with a Thai message) —
never another exception that would reach the user as a traceback."""

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moi_desktop.errors import UserError
from moi_desktop.thai import (
    format_national_id,
    is_valid_national_id,
    mask_national_id,
    national_id_problem,
    normalize_national_id,
    normalize_phone,
    parse_thai_date,
    phone_problem,
    split_name,
)

THAI = re.compile(r"[\u0e00-\u0e7f]")

# Characters real spreadsheets throw at us: Thai letters, marks and digits, Arabic digits, date and
# ID punctuation, zero-width and odd spaces, plus anything else Unicode has.
_thai_chars = st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F)
_punct = st.sampled_from(list("0123456789/-.,: \t\n\u200b\u200c\ufeff\u00a0\u2013พศค"))
messy = st.one_of(
    st.text(),
    st.text(st.one_of(_thai_chars, _punct), max_size=40),
)
months = st.sampled_from(["ม.ค.", "ก.พ.", "มีนาคม", "เมษายน", "ส.ค.", "สิงหาคม", "ธ.ค.", "ธันวา", "Aug", "13"])
date_like = st.builds(
    lambda d, m, y, sep, era: f"{d}{sep}{m}{sep}{era}{y}",
    st.integers(-5, 40).map(str),
    st.one_of(months, st.integers(0, 14).map(str)),
    st.integers(0, 99999).map(str),
    st.sampled_from(["/", " ", "-", ".", " / "]),
    st.sampled_from(["", "พ.ศ. ", "ค.ศ. ", "พศ"]),
)


def _only_user_errors(fn, value):
    try:
        return fn(value)
    except UserError as exc:
        assert exc.message and THAI.search(exc.message), exc.message
        return None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(messy, date_like))
def test_parse_thai_date_returns_a_date_or_user_error(text):
    result = _only_user_errors(parse_thai_date, text)
    assert result is None or isinstance(result, date)


@settings(max_examples=300)
@given(st.one_of(messy, st.integers(), st.floats(allow_nan=True, allow_infinity=True)))
def test_national_id_helpers_never_crash(value):
    normalized = normalize_national_id(value)
    assert isinstance(normalized, str)
    problem = national_id_problem(value)
    assert problem is None or THAI.search(problem)
    assert is_valid_national_id(value) == (problem is None)
    formatted = _only_user_errors(format_national_id, value)
    masked = _only_user_errors(mask_national_id, value)
    if problem is None:
        assert formatted is not None and masked is not None


@settings(max_examples=300)
@given(messy)
def test_split_name_always_returns_three_strings(text):
    parts = _only_user_errors(split_name, text)
    if parts is not None:
        assert len(parts) == 3 and all(isinstance(p, str) for p in parts)
        assert all(p == p.strip() for p in parts)


@settings(max_examples=300)
@given(st.one_of(messy, st.integers(), st.floats()))
def test_phone_helpers_never_crash(value):
    _only_user_errors(normalize_phone, value)
    problem = phone_problem(value)
    assert problem is None or THAI.search(problem)


# --- the spreadsheet importer, end to end (dry run) -----------------------------------------------

HEADER = ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "โทรศัพท์", "หน่วยงาน", "ภาคี", "ตำบล", "อำเภอ"]
cell = st.one_of(messy, st.integers(-10**15, 10**15).map(str), st.sampled_from(["", "รวม", "ภาคราชการ", "๑๒๓"]))


@pytest.fixture(scope="module")
def import_db(tmp_path_factory):
    from moi_desktop.db import open_database

    db = open_database(tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3")
    yield db
    db.close()


def _csv(rows) -> str:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cell, min_size=0, max_size=len(HEADER) + 2), min_size=0, max_size=12))
def test_member_import_dry_run_reports_problems_never_crashes(import_db, tmp_path_factory, rows):
    from moi_desktop.imports import get_importer, plan_import, run_import

    path = tmp_path_factory.mktemp("csv") / "members.csv"
    path.write_text(_csv([["รายชื่อภาคีเครือข่าย"], HEADER, *rows]), encoding="utf-8")
    spec = get_importer("members")
    before = import_db.execute("SELECT count(*) FROM members").fetchone()[0]
    try:
        report = run_import(import_db, spec, plan_import(spec, path), dry_run=True)
    except UserError as exc:
        assert THAI.search(exc.message), exc.message
        return
    assert report.imported == 0 and report.valid <= report.rows
    for issue in report.errors:
        assert THAI.search(issue.message), issue
    assert import_db.execute("SELECT count(*) FROM members").fetchone()[0] == before


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([".csv", ".xlsx", ".xls", ".txt"]))
def test_member_import_of_garbage_files_is_a_user_error(tmp_path_factory, data, suffix):
    from moi_desktop.imports import get_importer, plan_import

    path = tmp_path_factory.mktemp("junk") / f"junk{suffix}"
    path.write_bytes(data)
    _only_user_errors(lambda p: plan_import(get_importer("members"), p), path)
