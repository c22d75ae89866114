"""หนังสือภายนอก (external letter) and หนังสือประทับตรา (stamped letter), laid out as the forms of
ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ set them out:

    หนังสือภายนอก                                  หนังสือประทับตรา
                 [Garuda 3 cm, centred]                        [Garuda 3 cm, centred]
    ที่ มท ๐๓๑๘/๑๒๓          ที่ทำการปกครองอำเภอ…        ที่ มท ๐๓๑๘/๑๒๓
                             ถนน… ๕๒๐๐๐                  ถึง  …
                        ๓๐ สิงหาคม ๒๕๖๕                          body …
    เรื่อง  …                                                              ที่ทำการปกครองอำเภอ…
    เรียน  …                                                               ๓๐ สิงหาคม ๒๕๖๕
    อ้างถึง  …                                                          [the office's stamp]
    สิ่งที่ส่งมาด้วย  ๑. …                                  ส่วนราชการเจ้าของเรื่อง
                  ๒. …                                     โทร. …
            body …
                        ขอแสดงความนับถือ
                        (signature)
                        (name)
                        position
    ส่วนราชการเจ้าของเรื่อง
    โทร. … / โทรสาร … / ไปรษณีย์อิเล็กทรอนิกส์ …

The Garuda's top is 1.5 cm below the paper's edge; the address starts right of the page's
middle; the date, the salutation and the sending office start at the middle of the page, and the
signature lines are centred under the salutation. Pages 2+ carry "- ๒ -" at the top.
"""

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from moi_desktop.documents.flowables import Columns, LineBox, TextStyle, ThaiParagraph, ThaiTable
from moi_desktop.documents.fonts import DocumentFonts, get_fonts
from moi_desktop.documents.garuda import LETTER_HEIGHT, GarudaImage, draw_garuda
from moi_desktop.documents.memo import BODY_SIZE, INDENT, check_spec_text, digits, require_garuda
from moi_desktop.documents.page import (
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MARGIN_TOP_MEMO,
    DocumentTarget,
    make_doc,
)
from moi_desktop.documents.spec import Contact, LetterSpec, Signer, StampedSpec, TableSpec
from moi_desktop.documents.thaitext import text_width
from moi_desktop.thai import format_thai_date

FRAME_WIDTH = A4[0] - MARGIN_LEFT - MARGIN_RIGHT
MIDDLE = A4[0] / 2 - MARGIN_LEFT  # the middle of the paper, from the left margin
ADDRESS_X = MIDDLE + 1.5 * cm  # the sending office's address, right of the middle
SIGNING_SPACE = 2.2 * cm  # room to sign above the (name)
STAMP_SPACE = 2.5 * cm  # room for the office's stamp on a stamped letter


class CentredGaruda(Flowable):
    """The Garuda, LETTER_HEIGHT high, centred on the paper (not on the frame: the left margin is
    wider than the right)."""

    def __init__(self, garuda: GarudaImage, height: float = LETTER_HEIGHT) -> None:
        super().__init__()
        self.garuda, self.image_height = garuda, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.image_height
        return self.width, self.height

    def draw(self) -> None:
        width = self.garuda.width_for(self.image_height)
        draw_garuda(self.canv, self.garuda, MIDDLE - width / 2, 0, self.image_height)


class _Styles:
    def __init__(self, fonts: DocumentFonts) -> None:
        self.fonts = fonts
        self.plain = TextStyle(font=fonts.regular, bold_font=fonts.bold, size=BODY_SIZE)
        self.body = self.plain.with_(first_indent=INDENT, align="thai", space_before=6)
        self.centre = self.plain.with_(align="center")

    def para(self, text: str, style: TextStyle | None = None, *, is_name: bool = False) -> ThaiParagraph:
        return ThaiParagraph(text, style or self.plain, is_name=is_name)

    def labelled(self, label: str, values: list[str], space_before: float = 0) -> Columns:
        """`label` then its value(s), each value wrapping under itself (เรื่อง, เรียน, สิ่งที่ส่งมาด้วย)."""
        gap = BODY_SIZE * 0.6
        label_width = text_width(label, self.fonts.regular, BODY_SIZE) + gap
        column = _Stack([self.para(v) for v in values])
        return Columns([(0, label_width, self.para(label)), (label_width, None, column)], space_before=space_before)

    def centred_under(self, x: float, lines: list[tuple[str, bool]]) -> list[Flowable]:
        """Lines centred on x (a signature under the salutation), as wide as the frame allows."""
        half = min(x, FRAME_WIDTH - x)
        return [Columns([(x - half, 2 * half, self.para(text, self.centre, is_name=is_name))])
                for text, is_name in lines]


class _Stack(Flowable):
    """Paragraphs one under another, as one flowable (a column of Columns)."""

    def __init__(self, parts: list[ThaiParagraph]) -> None:
        super().__init__()
        self.parts = parts
        self._heights: list[float] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._heights = [p.wrap(avail_width, avail_height)[1] for p in self.parts]
        self.width, self.height = avail_width, sum(self._heights)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for part, h in zip(self.parts, self._heights, strict=True):
            y -= h
            part.drawOn(self.canv, 0, y)


def _numbered(items: list[str], td: bool) -> list[str]:
    if len(items) == 1:
        return [digits(items[0], td)]
    return [digits(f"{n}. {item}", td) for n, item in enumerate(items, 1)]


def _table(table: TableSpec, fonts: DocumentFonts, td: bool) -> ThaiTable:
    return ThaiTable([digits(c, td) for c in table.columns], [[digits(v, td) for v in row] for row in table.rows],
                     font=fonts.regular, bold_font=fonts.bold, size=BODY_SIZE)


def _contact(styles: _Styles, contact: Contact, td: bool) -> list[Flowable]:
    lines = contact.lines()
    if not lines:
        return []
    return [LineBox(0.6 * cm)] + [styles.para(digits(line, td)) for line in lines]


def _signature(styles: _Styles, salutation: str, signer: Signer, td: bool) -> list[Flowable]:
    centre = MIDDLE + text_width(salutation, styles.fonts.regular, BODY_SIZE) / 2
    parts: list[Flowable] = [Columns([(MIDDLE, None, styles.para(salutation))], space_before=14),
                             LineBox(SIGNING_SPACE)]
    lines = [(digits(f"({signer.name})", td), True)]
    lines += [(digits(line, td), False) for line in signer.position.split("\n") if line.strip()]
    return parts + styles.centred_under(centre, lines)


def letter_flowables(spec: LetterSpec, fonts: DocumentFonts, garuda: GarudaImage) -> list[Flowable]:
    td = spec.thai_digits
    styles = _Styles(fonts)
    address = _Stack([styles.para(digits(line, td)) for line in spec.office.split("\n") if line.strip()])
    story: list[Flowable] = [
        CentredGaruda(garuda),
        Columns([(0, ADDRESS_X - BODY_SIZE, styles.para(digits(f"ที่ {spec.ref}", td))),
                 (ADDRESS_X, None, address)], space_before=4),
        Columns([(MIDDLE, None, styles.para(format_thai_date(spec.date, "full", thai_digits=td)))],
                space_before=6),
        styles.labelled("เรื่อง", [digits(spec.subject, td)], space_before=6),
        styles.labelled("เรียน", [digits(spec.to, td)], space_before=6),
    ]
    if spec.refer_to:
        story.append(styles.labelled("อ้างถึง", [digits(spec.refer_to, td)], space_before=6))
    if spec.attachments:
        story.append(styles.labelled("สิ่งที่ส่งมาด้วย", _numbered(spec.attachments, td), space_before=6))
    story += [styles.para(digits(p, td), styles.body) for p in spec.body]
    if spec.table is not None:
        story += [Spacer(0, 8), _table(spec.table, fonts, td)]
    closing: list[Flowable] = []
    if spec.closing:
        closing.append(styles.para(digits(spec.closing, td), styles.body.with_(space_before=10)))
    closing += _signature(styles, spec.salutation, spec.signer, td)
    closing += _contact(styles, spec.contact, td)
    story.append(KeepTogether(closing))
    return story


def stamped_flowables(spec: StampedSpec, fonts: DocumentFonts, garuda: GarudaImage) -> list[Flowable]:
    td = spec.thai_digits
    styles = _Styles(fonts)
    story: list[Flowable] = [
        CentredGaruda(garuda),
        styles.para(digits(f"ที่ {spec.ref}", td), styles.plain.with_(space_before=4)),
        styles.labelled("ถึง", [digits(spec.to, td)], space_before=6),
    ]
    story += [styles.para(digits(p, td), styles.body) for p in spec.body]
    closing: list[Flowable] = [
        Columns([(MIDDLE, None, styles.para(digits(spec.office, td)))], space_before=18),
        Columns([(MIDDLE, None, styles.para(format_thai_date(spec.date, "full", thai_digits=td)))]),
        LineBox(STAMP_SPACE),
    ]
    closing += _contact(styles, spec.contact, td)
    story.append(KeepTogether(closing))
    return story


def _render(story: list[Flowable], out: DocumentTarget, title: str, author: str, fonts: DocumentFonts,
            thai_digits: bool) -> DocumentTarget:
    doc = make_doc(out, title=title, author=author, top_margin=MARGIN_TOP, first_top_margin=MARGIN_TOP_MEMO,
                   page_numbers=True, thai_digits=thai_digits, font=fonts.regular)
    doc.build(story)
    return out


def render_letter(spec: LetterSpec, out: DocumentTarget, *, fonts: DocumentFonts | None = None,
                  garuda: GarudaImage | str | Path | None = None) -> DocumentTarget:
    """Write the external letter to `out`; refused (Thai UserError) without a Garuda."""
    fonts = fonts or get_fonts(spec.font)
    check_spec_text(spec, fonts)
    image = require_garuda(spec.garuda or garuda, spec.kind)
    return _render(letter_flowables(spec, fonts, image), out, spec.subject, spec.office.split("\n")[0], fonts,
                   spec.thai_digits)


def render_stamped(spec: StampedSpec, out: DocumentTarget, *, fonts: DocumentFonts | None = None,
                   garuda: GarudaImage | str | Path | None = None) -> DocumentTarget:
    """Write the stamped letter to `out`; refused (Thai UserError) without a Garuda."""
    fonts = fonts or get_fonts(spec.font)
    check_spec_text(spec, fonts)
    image = require_garuda(spec.garuda or garuda, spec.kind)
    return _render(stamped_flowables(spec, fonts, image), out, spec.body[0][:60], spec.office, fonts,
                   spec.thai_digits)
