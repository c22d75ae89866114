"""A report's page 1 drawn before the rest, and Save reusing a rendered report."""

import pytest

from moi_desktop.errors import UserError
from moi_desktop.reports import render_report, save_rendered_report

KEY = "reference.districts"
PARAMS = {"province": "62"}


@pytest.fixture
def office(make_office_db):
    return make_office_db("d", "district", "6205")


def test_page_one_is_announced_before_the_whole_file(office, tmp_path):
    seen = []
    whole = tmp_path / "whole.pdf"
    first = tmp_path / "first.pdf"
    render_report(office, KEY, whole, PARAMS,
                  first_page=(first, lambda path: seen.append((path, path.exists(), whole.exists()))))
    assert seen == [(first, True, False)]  # page 1 on disk while the whole file was not yet
    assert first.read_bytes().startswith(b"%PDF-") and whole.stat().st_size > first.stat().st_size


def test_save_copies_the_rendered_file_whole(office, tmp_path):
    rendered = render_report(office, KEY, tmp_path / "preview.pdf", PARAMS)
    out = tmp_path / "stick" / "report.pdf"
    out.parent.mkdir()
    assert save_rendered_report(office, KEY, rendered, out, PARAMS) == out
    assert out.read_bytes() == rendered.read_bytes()
    assert not list(out.parent.glob(".moi-*"))  # no temporary file left behind


def test_save_refuses_a_missing_file_or_another_format(office, tmp_path):
    with pytest.raises(UserError):
        save_rendered_report(office, KEY, tmp_path / "gone.pdf", tmp_path / "out.pdf", PARAMS)
    rendered = render_report(office, KEY, tmp_path / "preview.pdf", PARAMS)
    with pytest.raises(UserError):
        save_rendered_report(office, KEY, rendered, tmp_path / "out.xlsx", PARAMS)
    assert not (tmp_path / "out.xlsx").exists()
