"""คู่มือการใช้งาน: the user manual, written in `resources/manual/manual.md` and rendered here.

The source is a small Markdown subset a clerk-trainer can edit:

    % title / % subtitle               the cover (first two lines)
    # chapter title {#key pages=a,b}   a chapter; F1 on GUI pages a and b opens it
    ## section title
    1. step / - bullet                 numbered steps and bullets (one line each)
    ![caption](shot:page)              a screenshot of GUI page `page`, taken by the GUI at build time
    any other non-empty line           a paragraph

Screenshots are not stored in the repository: the GUI takes them when it builds the manual (the
installer build and the test suite), so they always show the current screens. The PDF has a cover,
a contents page, page numbers and one PDF outline entry per chapter; `render_manual` returns the
page each chapter starts on, for F1.
"""

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, Spacer

from moi_desktop.documents.flowables import TextStyle, ThaiParagraph, draw_text
from moi_desktop.documents.fonts import DocumentFonts, get_fonts
from moi_desktop.documents.page import DocumentTarget, make_doc
from moi_desktop.documents.thaitext import check_drawable
from moi_desktop.errors import UserError
from moi_desktop.paths import resource_path
from moi_desktop.thai import to_thai_digits

_CHAPTER = re.compile(r"^#\s+(?P<title>.+?)\s*\{#(?P<key>[a-z0-9_-]+)(?:\s+pages=(?P<pages>[a-z0-9_,-]*))?\}\s*$")
_SECTION = re.compile(r"^##\s+(?P<title>.+)$")
_STEP = re.compile(r"^(?P<n>\d+)\.\s+(?P<text>.+)$")
_BULLET = re.compile(r"^-\s+(?P<text>.+)$")
_SHOT = re.compile(r"^!\[(?P<caption>[^\]]*)\]\(shot:(?P<page>[a-z0-9_-]+)\)$")

BODY_SIZE = 16
SHOT_WIDTH = 16 * cm  # the frame's width (A4 less the 3 cm + 2 cm margins)


@dataclass(frozen=True)
class Block:
    kind: str  # section / para / step / bullet / shot
    text: str
    number: int = 0  # a step's number
    shot: str = ""  # a screenshot's page key


@dataclass
class Chapter:
    key: str
    title: str
    pages: tuple[str, ...]  # GUI page keys whose F1 opens this chapter
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Manual:
    title: str
    subtitle: str
    chapters: tuple[Chapter, ...]

    def shots(self) -> list[str]:
        """The GUI pages the manual shows, in order of first appearance."""
        seen: dict[str, None] = {}
        for chapter in self.chapters:
            for block in chapter.blocks:
                if block.kind == "shot":
                    seen.setdefault(block.shot)
        return list(seen)

    def chapter_for_page(self, page_key: str) -> Chapter | None:
        return next((c for c in self.chapters if page_key in c.pages), None)


def manual_source() -> Path:
    return resource_path("manual", "manual.md")


def parse_manual(text: str) -> Manual:
    """Parse the manual's source; a line that fits no rule outside a chapter is a Thai error."""
    lines = [line.rstrip() for line in text.splitlines()]
    heads = [line[1:].strip() for line in lines[:2] if line.startswith("%")]
    if len(heads) != 2:
        raise UserError("คู่มือต้องขึ้นต้นด้วยชื่อเรื่องสองบรรทัด (บรรทัดที่ขึ้นต้นด้วย %)")
    chapters: list[Chapter] = []
    for number, line in enumerate(lines[2:], start=3):
        if not line.strip():
            continue
        if match := _CHAPTER.match(line):
            pages = tuple(p for p in (match["pages"] or "").split(",") if p)
            chapters.append(Chapter(match["key"], match["title"], pages))
            continue
        if line.startswith("# "):
            raise UserError(f"บรรทัดที่ {number}: หัวบทต้องมีรหัสบท เช่น {{#members pages=members}}")
        if not chapters:
            raise UserError(f"บรรทัดที่ {number}: ข้อความก่อนบทแรก")
        blocks = chapters[-1].blocks
        if match := _SECTION.match(line):
            blocks.append(Block("section", match["title"]))
        elif match := _STEP.match(line):
            blocks.append(Block("step", match["text"], number=int(match["n"])))
        elif match := _BULLET.match(line):
            blocks.append(Block("bullet", match["text"]))
        elif match := _SHOT.match(line):
            blocks.append(Block("shot", match["caption"], shot=match["page"]))
        else:
            blocks.append(Block("para", line.strip()))
    keys = [c.key for c in chapters]
    if len(set(keys)) != len(keys):
        raise UserError("รหัสบทในคู่มือซ้ำกัน")
    return Manual(heads[0], heads[1], tuple(chapters))


def load_manual(path: Path | None = None) -> Manual:
    return parse_manual((path or manual_source()).read_text(encoding="utf-8"))


class _ChapterMark(Flowable):
    """Zero-size marker at a chapter's start: records its page and adds the PDF outline entry."""

    def __init__(self, chapter: Chapter, pages: dict[str, int]) -> None:
        super().__init__()
        self.chapter = chapter
        self.pages = pages

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas: Canvas = self.canv
        self.pages[self.chapter.key] = canvas.getPageNumber()
        canvas.bookmarkPage(self.chapter.key)
        canvas.addOutlineEntry(self.chapter.title, self.chapter.key, level=0)


class _ContentsLine(Flowable):
    """One line of the contents: chapter title at the left, its page (Thai digits) at the right."""

    def __init__(self, number: int, title: str, page: int | None, fonts: DocumentFonts) -> None:
        super().__init__()
        self.text = f"บทที่ {to_thai_digits(number)}  {title}"
        self.page = to_thai_digits(page) if page else ""
        self.fonts = fonts
        self.height = BODY_SIZE * 1.6

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        draw_text(self.canv, 0, 6, self.text, self.fonts.regular, BODY_SIZE)
        draw_text(self.canv, self.width, 6, self.page, self.fonts.regular, BODY_SIZE, align="right")


def _shot(path: Path, caption: str, caption_style: TextStyle) -> Flowable:
    image = Image(str(path))
    scale = min(1.0, SHOT_WIDTH / image.imageWidth, (17 * cm) / image.imageHeight)
    image.drawWidth = image.imageWidth * scale
    image.drawHeight = image.imageHeight * scale
    image.hAlign = "CENTER"
    return KeepTogether([Spacer(1, 6), image, ThaiParagraph(f"ภาพ: {caption}", caption_style)])


def _story(manual: Manual, shots: Mapping[str, Path], fonts: DocumentFonts, pages: dict[str, int],
           known: Mapping[str, int]) -> list[Flowable]:
    body = TextStyle(font=fonts.regular, bold_font=fonts.bold, size=BODY_SIZE, first_indent=1.25 * cm,
                     align="thai", space_before=4)
    item = body.with_(first_indent=0, left_indent=0.9 * cm, align="left", space_before=2)
    title = TextStyle(font=fonts.bold, bold_font=fonts.bold, size=28, align="center", bold=True, space_after=12)
    chapter_style = TextStyle(font=fonts.bold, bold_font=fonts.bold, size=22, bold=True, space_after=8)
    section = TextStyle(font=fonts.bold, bold_font=fonts.bold, size=18, bold=True, space_before=12, space_after=2)
    caption = body.with_(first_indent=0, align="center", size=14, space_before=2, space_after=8)
    story: list[Flowable] = [
        Spacer(1, 7 * cm),
        ThaiParagraph(manual.title, title),
        ThaiParagraph(manual.subtitle, title.with_(size=20, bold=False, font=fonts.regular)),
        PageBreak(),
        ThaiParagraph("สารบัญ", chapter_style),
    ]
    story += [_ContentsLine(n, c.title, known.get(c.key), fonts) for n, c in enumerate(manual.chapters, 1)]
    for n, chapter in enumerate(manual.chapters, 1):
        story += [PageBreak(), _ChapterMark(chapter, pages),
                  ThaiParagraph(f"บทที่ {to_thai_digits(n)}  {chapter.title}", chapter_style)]
        for block in chapter.blocks:
            if block.kind == "section":
                heading = ThaiParagraph(block.text, section)
                heading.keepWithNext = True  # never the last line of a page
                story.append(heading)
            elif block.kind == "para":
                story.append(ThaiParagraph(block.text, body))
            elif block.kind == "step":
                story.append(ThaiParagraph(f"{to_thai_digits(block.number)}. {block.text}", item))
            elif block.kind == "bullet":
                story.append(ThaiParagraph(f"•  {block.text}", item))
            else:
                path = shots.get(block.shot)
                if path is None or not Path(path).is_file():
                    raise UserError(f"ไม่มีภาพหน้าจอ {block.shot} สำหรับคู่มือ บท {chapter.title}")
                story.append(_shot(Path(path), block.text, caption))
    return story


def _texts(manual: Manual) -> list[str]:
    texts = [manual.title, manual.subtitle]
    for chapter in manual.chapters:
        texts.append(chapter.title)
        texts += [b.text for b in chapter.blocks]
    return texts


def render_manual(manual: Manual, out: DocumentTarget, shots: Mapping[str, Path], *,
                  fonts: DocumentFonts | None = None) -> dict[str, int]:
    """Render the manual to `out` with the screenshots `shots` (GUI page key → PNG); return the
    page each chapter starts on. Two passes: the first finds the pages the contents page lists."""
    fonts = fonts or get_fonts()
    check_drawable(_texts(manual), (fonts.regular, fonts.bold))
    first: dict[str, int] = {}
    make_doc(io.BytesIO(), title=manual.title, page_numbers=True).build(_story(manual, shots, fonts, first, {}))
    pages: dict[str, int] = {}
    doc = make_doc(out, title=manual.title, author="MOI District Desk", page_numbers=True)
    doc.build(_story(manual, shots, fonts, pages, first))
    return pages

