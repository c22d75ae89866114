"""Layouts of the three widest area reports on the demo database: every person's full name sits
whole on one line of the PDF (a name cut mid-way is a wrong document), at 14 pt or more
where the report promises it."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from moi_desktop.db import open_database
from moi_desktop.demo import build_demo
from moi_desktop.documents.fonts import get_fonts
from moi_desktop.documents.table_report import plan_table
from moi_desktop.reports import get_report, render_report, resolve_params
from moi_desktop.reports.attendance import _session_headers
from moi_desktop.reports.cases import problem_text, register_address
from moi_desktop.reports.members import contact_text


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = build_demo(tmp_path_factory.mktemp("layouts") / "demo.sqlite3")
    db = open_database(path)
    yield db
    db.close()


def build(db, key: str, **raw):
    spec = get_report(key)
    return spec.build(db, resolve_params(db, spec, raw))


def plan(defn):
    columns = defn.all_columns
    rows = defn.row_values()
    texts = [[defn.cell_text(c, v) for c, v in zip(columns, row, strict=True)] for row in rows]
    return plan_table(defn, [defn.digits(c.title) for c in columns], texts, None, get_fonts())


def pdf_lines(path) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return text.replace("\u0e4d\u0e32", "\u0e33").splitlines()


def assert_names_whole(db, key: str, column: str, out, **raw) -> None:
    defn = build(db, key, **raw)
    names = {defn.digits(r[column]) for r in defn.rows if r[column]}
    assert len(names) > 20  # the demo's real spread of name lengths
    render_report(db, key, out, raw)
    lines = pdf_lines(out)
    cut = sorted(n for n in names if not any(n in line for line in lines))
    assert cut == []


def _training(db) -> str:
    return db.execute("SELECT t.id FROM trainings t JOIN training_sessions s ON s.training_id = t.id "
                      "GROUP BY t.id ORDER BY count(*) DESC").fetchone()[0]


# -- cases-list --------------------------------------------------------------------------------
def test_cases_list_names_whole_at_14pt(demo, tmp_path):
    defn = build(demo, "cases-list")
    assert [c.key for c in defn.columns] == ["reported_on", "head_name", "address", "problem", "description",
                                             "status"]
    layout = plan(defn)
    assert layout.size >= 14 and layout.level in ("whole", "split-compounds", "split-headers")
    assert_names_whole(demo, "cases-list", "head_name", tmp_path / "cases.pdf")
    lines = pdf_lines(tmp_path / "cases.pdf")
    assert any("เม.ย. ๖๕" in line for line in lines)  # short dates: ๓ เม.ย. ๖๕
    assert not any("เมษายน" in line or "เม.ย. ๒๕๖๕" in line for line in lines)


def test_cases_list_cells():
    assert problem_text(2, "บ้านมีสภาพชำรุด/ทรุดโทรม") == "(2) บ้านมีสภาพชำรุด/ทรุดโทรม"
    assert register_address({"house_no": "12/3", "moo": "5", "village": "หนองแวง", "subdistrict_name": "ในเมือง"}) \
        == "12/3 หมู่ 5 บ้านหนองแวง ต.ในเมือง"
    assert register_address({"moo": "5"}) == "หมู่ 5"


# -- members-contacts --------------------------------------------------------------------------
@pytest.mark.parametrize("show_ids", [False, True])
def test_members_contacts_names_whole(demo, tmp_path, show_ids):
    raw = {"show_ids": True} if show_ids else {}
    defn = build(demo, "members-contacts", **raw)
    keys = [c.key for c in defn.columns]
    assert ("national_id" in keys) is show_ids  # masked IDs add nothing to a contact list
    assert "contact" in keys and "phone" not in keys
    layout = plan(defn)
    assert layout.size >= 14 and layout.level in ("whole", "split-compounds", "split-headers")
    assert_names_whole(demo, "members-contacts", "name", tmp_path / "contacts.pdf", **raw)


def test_contact_text_phone_first():
    assert contact_text("0812345678", "a@example.com", "somchai") == "081-234-5678 a@example.com LINE: somchai"
    assert contact_text(None, "a@example.com", None) == "a@example.com"
    assert contact_text("", None, None) == ""


# -- attendance-matrix -------------------------------------------------------------------------
def test_attendance_matrix_names_whole_at_14pt(demo, tmp_path):
    training = _training(demo)
    defn = build(demo, "attendance-matrix", training=training)
    marks = [c for c in defn.columns if c.key.startswith("s")]
    assert len(marks) >= 12 and "district" not in [c.key for c in defn.columns]
    layout = plan(defn)
    assert layout.orientation == "landscape" and layout.size >= 14 and layout.level == "whole"
    assert_names_whole(demo, "attendance-matrix", "name", tmp_path / "matrix.pdf", training=training)


def test_session_headers_day_and_slot():
    one_month = [{"day": "2022-08-16", "slot": "morning"}, {"day": "2022-08-16", "slot": "evening"}]
    assert _session_headers(one_month) == ["16 ช", "16 ย"]
    two_months = [{"day": "2022-08-31", "slot": "noon"}, {"day": date(2022, 9, 1).isoformat(), "slot": "other"}]
    assert _session_headers(two_months) == ["31/8 บ", "1/9 พ"]
