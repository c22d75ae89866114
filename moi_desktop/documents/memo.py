"""บันทึกข้อความ: the internal memo of a Thai government office (ระเบียบงานสารบรรณ layout): the
Garuda 1.5 cm high at the top left, the heading, ส่วนราชการ / ที่ / วันที่ / เรื่อง on dotted
lines, เรียน, the body justified the Thai way, the signature, "- ๒ -" on later pages.

Also the pieces the other letters share: digits(), the signature block, the Garuda check."""

from pathlib import Path

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from moi_desktop.documents.flowables import (
    DottedLabelLine,
    LineBox,
    TextStyle,
    ThaiParagraph,
    ThaiTable,
    draw_text,
)
from moi_desktop.documents.fonts import DocumentFonts, get_fonts
from moi_desktop.documents.garuda import MEMO_HEIGHT, WHERE_TO_SET, GarudaImage, draw_garuda, read_garuda_file
from moi_desktop.documents.page import MARGIN_TOP, MARGIN_TOP_MEMO, DocumentTarget, make_doc
from moi_desktop.documents.spec import KIND_NAMES, MemoSpec, Signer, spec_texts
from moi_desktop.documents.thaitext import check_drawable
from moi_desktop.errors import UserError
from moi_desktop.thai import format_thai_date, to_arabic_digits, to_thai_digits

BODY_SIZE = 16
INDENT = 2.5 * cm
GARUDA_HEIGHT = MEMO_HEIGHT


def digits(text: str, thai_digits: bool) -> str:
    """All digits of a document follow its setting (Thai by default in official documents)."""
    return to_thai_digits(text) if thai_digits else to_arabic_digits(text)


class Heading(Flowable):
    """The memo's first line: the Garuda 1.5 cm high at the left margin, its top at the top of the
    frame (1.5 cm below the paper's edge), and บันทึกข้อความ centred beside it."""

    def __init__(self, text: str, font: str, size: float, garuda: GarudaImage | None) -> None:
        super().__init__()
        self.text, self.font, self.size, self.garuda = text, font, size, garuda

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = max(GARUDA_HEIGHT if self.garuda else 0, self.size * 1.3)
        return self.width, self.height

    def draw(self) -> None:
        if self.garuda:
            draw_garuda(self.canv, self.garuda, 0, self.height - GARUDA_HEIGHT, GARUDA_HEIGHT)
        draw_text(self.canv, self.width / 2, self.size * 0.3, self.text, self.font, self.size, align="center")


def check_spec_text(spec: object, fonts: DocumentFonts) -> None:
    """Refuse, before anything is drawn, a spec with characters the document fonts cannot draw."""
    check_drawable(spec_texts(spec), (fonts.regular, fonts.bold))


def require_garuda(garuda: GarudaImage | str | Path | None, kind: str) -> GarudaImage:
    """The Garuda a letter of `kind` must carry: the given image, or the file named; a Thai error
    saying where to set it when there is none."""
    if isinstance(garuda, GarudaImage):
        return garuda
    if garuda:
        return read_garuda_file(garuda)
    raise UserError(f"{KIND_NAMES[kind]}ต้องมีภาพครุฑ: {WHERE_TO_SET}", field="garuda")


def signature_block(fonts: DocumentFonts, signer: Signer, thai_digits: bool, *, role: str = "",
                    gap: float = 1.2 * cm) -> list[Flowable]:
    """Signing space, (name), position, then the signer's role in the document (e.g.
    ผู้จดรายงานการประชุม) — centred in the right part of the frame."""
    style = TextStyle(font=fonts.regular, bold_font=fonts.bold, size=BODY_SIZE, align="center")
    parts: list[Flowable] = [LineBox(gap)]
    parts.append(RightHalf(ThaiParagraph(digits(f"({signer.name})", thai_digits), style, is_name=True)))
    for line in (signer.position, role):
        if line:
            parts.append(RightHalf(ThaiParagraph(digits(line, thai_digits), style)))
    return parts


class RightHalf(Flowable):
    """Lays a flowable out in the right half of the frame (signature blocks)."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.offset = avail_width * 0.4
        _, h = self.inner.wrap(avail_width - self.offset, avail_height)
        self.width, self.height = avail_width, h
        return self.width, h

    def draw(self) -> None:
        self.inner.drawOn(self.canv, self.offset, 0)


def memo_flowables(spec: MemoSpec, fonts: DocumentFonts, garuda: GarudaImage | None) -> list[Flowable]:
    td = spec.thai_digits
    body = TextStyle(font=fonts.regular, bold_font=fonts.bold, size=BODY_SIZE, first_indent=INDENT,
                     align="thai", space_before=6)
    date_text = format_thai_date(spec.date, "full", thai_digits=td)

    def header_line(cells: list[tuple[str, str, float]], space_after: float = 0) -> DottedLabelLine:
        return DottedLabelLine(cells, label_font=fonts.bold, value_font=fonts.regular, label_size=20,
                               value_size=BODY_SIZE, space_after=space_after)

    story: list[Flowable] = [
        Heading("บันทึกข้อความ", fonts.bold, 29, garuda),
        Spacer(0, 4),
        header_line([("ส่วนราชการ", digits(spec.office, td), 1.0)]),
        header_line([("ที่", digits(spec.ref, td), 0.5), ("วันที่", date_text, 0.5)]),
        header_line([("เรื่อง", digits(spec.subject, td), 1.0)], space_after=8),
        ThaiParagraph(style=body.with_(first_indent=0, align="left"),
                      runs=[("เรียน", False), (" " + digits(spec.to, td), False)]),
    ]
    story += [ThaiParagraph(digits(p, td), body) for p in spec.body]
    if spec.table is not None:
        story += [Spacer(0, 8), ThaiTable([digits(c, td) for c in spec.table.columns],
                                          [[digits(v, td) for v in row] for row in spec.table.rows],
                                          font=fonts.regular, bold_font=fonts.bold, size=BODY_SIZE)]
    closing: list[Flowable] = []
    if spec.closing:
        closing.append(ThaiParagraph(digits(spec.closing, td), body.with_(space_before=10)))
    closing += signature_block(fonts, spec.signer, td)
    story.append(KeepTogether(closing))
    return story


def render_memo(spec: MemoSpec, out: DocumentTarget, *, fonts: DocumentFonts | None = None,
                garuda: GarudaImage | str | Path | None = None) -> DocumentTarget:
    """Write the memo PDF to `out` (a path or a binary file object). `garuda`: the office's image
    (or an image file); without one, the spec's own `garuda` file; a memo with neither is refused."""
    fonts = fonts or get_fonts(spec.font)
    check_spec_text(spec, fonts)
    image = require_garuda(spec.garuda or garuda, spec.kind)
    doc = make_doc(out, title=spec.subject, author=spec.office, top_margin=MARGIN_TOP,
                   first_top_margin=MARGIN_TOP_MEMO, page_numbers=True, thai_digits=spec.thai_digits,
                   font=fonts.regular)
    doc.build(memo_flowables(spec, fonts, image))
    return out
