"""The user manual: built by the suite from the current GUI's screens, opened at a page's chapter by F1."""

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from moi_desktop.documents.manual import load_manual, parse_manual, render_manual
from moi_desktop.errors import UserError
from ui.pages import discover_pages

ROOT = Path(__file__).resolve().parents[2]


def _text(reader: PdfReader, page: int) -> str:
    """A page's text as its source was written (sara am is drawn as nikhahit + sara aa: TECH_NOTES)."""
    return unicodedata.normalize("NFC", reader.pages[page - 1].extract_text().replace("\u0e4d\u0e32", "\u0e33"))


def test_every_chapter_of_the_manual_faces_real_pages_and_shows_only_real_pages():
    manual = load_manual()
    keys = {spec.key for spec in discover_pages()}
    assert [c.key for c in manual.chapters][:3] == ["setup", "members", "trainings"]
    for chapter in manual.chapters:
        assert set(chapter.pages) <= keys, chapter.key
    assert set(manual.shots()) <= keys
    # every page of the program is explained by some chapter (F1 never lands on the contents)
    covered = {p for c in manual.chapters for p in c.pages}
    assert keys - covered == set(), f"pages without a chapter: {keys - covered}"


def test_the_source_language_refuses_what_it_cannot_place():
    with pytest.raises(UserError, match="ชื่อเรื่อง"):
        parse_manual("# บท {#a}\n")
    with pytest.raises(UserError, match="รหัสบท"):
        parse_manual("% ก\n% ข\n# บทไม่มีรหัส\n")
    with pytest.raises(UserError, match="ซ้ำ"):
        parse_manual("% ก\n% ข\n# หนึ่ง {#a}\n# สอง {#a}\n")
    manual = parse_manual("% ก\n% ข\n# หนึ่ง {#a pages=x,y}\n## ตอน\n1. ทำ\n- จุด\n![ภาพ](shot:x)\nย่อหน้า\n")
    assert [b.kind for b in manual.chapters[0].blocks] == ["section", "step", "bullet", "shot", "para"]
    assert manual.chapter_for_page("y").key == "a"


def test_a_missing_screenshot_is_an_error_naming_it(tmp_path):
    manual = parse_manual("% ก\n% ข\n# หนึ่ง {#a pages=x}\n![ภาพ](shot:x)\n")
    with pytest.raises(UserError, match="ไม่มีภาพหน้าจอ x"):
        render_manual(manual, tmp_path / "m.pdf", {})


@pytest.fixture(scope="module")
def built_manual(tmp_path_factory, qapp):
    """The manual built as the installer builds it: screenshots of the current GUI, then the PDF."""
    from ui.main_window import MainWindow
    from ui.manual import build_manual

    out = tmp_path_factory.mktemp("manual") / "manual.pdf"
    pages = build_manual(out, MainWindow)
    return out, pages


@pytest.mark.slow
def test_the_manual_builds_from_the_current_screens(built_manual):
    out, pages = built_manual
    manual = load_manual()
    reader = PdfReader(out)
    assert list(pages) == [c.key for c in manual.chapters]
    assert list(pages.values()) == sorted(pages.values())
    assert json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["chapters"] == pages
    # the contents page lists every chapter with the page it starts on, in Thai digits
    contents = _text(reader, 2)
    from moi_desktop.thai import to_thai_digits

    for n, chapter in enumerate(manual.chapters, 1):
        assert chapter.title in contents
        assert _text(reader, pages[chapter.key]).lstrip("- ๐๑๒๓๔๕๖๗๘๙\n").startswith(
            f"บทที่ {to_thai_digits(n)}")
    # one outline entry per chapter, each pointing at the chapter's page
    outline = {item.title: reader.get_destination_page_number(item) + 1 for item in reader.outline}
    assert outline == {c.title: pages[c.key] for c in manual.chapters}
    # every screenshot is in the PDF at the full width of the screen it was taken at
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == len(manual.shots())
    assert {(img.image.width, img.image.height) for img in images} == {(1366, 768)}


@pytest.mark.slow
def test_the_screenshots_show_the_page_they_name(tmp_path, qapp):
    from ui.main_window import MainWindow
    from ui.manual import take_screenshots

    shots = take_screenshots(tmp_path, ["members", "reports"], MainWindow)
    from PySide6.QtGui import QImage

    members, reports = (QImage(str(shots[k])) for k in ("members", "reports"))
    assert members.size().width() == 1366 and members.size().height() == 768
    assert members != reports  # two different screens, not one grab twice
    with pytest.raises(RuntimeError, match="nope"):
        take_screenshots(tmp_path, ["nope"], MainWindow)


@pytest.mark.slow
def test_f1_opens_the_chapter_of_the_page_on_screen(built_manual, ctx, qtbot, monkeypatch):
    import ui.manual
    from ui.main_window import MainWindow

    out, pages = built_manual
    monkeypatch.setattr(ui.manual, "manual_pdf", lambda window_class: (out, pages))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.windowHandle().requestActivate()  # a window shortcut needs the active window
    qtbot.waitUntil(window.isActiveWindow)
    window.show_page("cases")
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    manual_window = next(w for w in window.findChildren(ui.manual.ManualWindow))
    qtbot.waitUntil(lambda: manual_window.current_page() == pages["cases"])
    manual_window.close()
    window.show_page("exchange")
    second = window.show_manual()
    qtbot.waitUntil(lambda: second.current_page() == pages["exchange"])
    second.close()


@pytest.mark.slow
def test_the_installer_build_step_writes_the_manual(tmp_path):
    out = tmp_path / "manual.pdf"
    env = {"QT_QPA_PLATFORM": "offscreen", "MOI_DESKTOP_DATA_DIR": str(tmp_path / "data"),
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--build-manual", str(out)],
                            env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert len(PdfReader(out).pages) >= 10
