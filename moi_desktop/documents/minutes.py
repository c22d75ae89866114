"""รายงานการประชุม: meeting minutes (title, ครั้งที่, เมื่อ, ณ, attendance, agenda with resolutions)."""

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from moi_desktop.documents.flowables import Rule, TextStyle, ThaiParagraph, ThaiTable
from moi_desktop.documents.fonts import DocumentFonts, get_fonts
from moi_desktop.documents.memo import BODY_SIZE, INDENT, check_spec_text, digits, signature_block
from moi_desktop.documents.page import DocumentTarget, make_doc
from moi_desktop.documents.spec import Attendee, MinutesSpec
from moi_desktop.thai import format_thai_date


def _people_table(people: list[Attendee], fonts: DocumentFonts, td: bool, *, third: str) -> ThaiTable:
    columns = ["ลำดับ", "ชื่อ - สกุล", "ตำแหน่ง", "หมายเหตุ" if third == "reason" else "หน้าที่"]
    rows = [
        [digits(str(i), td), digits(p.name, td), digits(p.position, td), digits(getattr(p, third), td)]
        for i, p in enumerate(people, 1)
    ]
    return ThaiTable(columns, rows, font=fonts.regular, bold_font=fonts.bold, size=BODY_SIZE,
                     col_widths=[1.7, 5.0, 5.8, 3.5], align=["center", "left", "left", "left"])


def minutes_flowables(spec: MinutesSpec, fonts: DocumentFonts) -> list[Flowable]:
    td = spec.thai_digits
    center = TextStyle(font=fonts.bold, bold_font=fonts.bold, size=BODY_SIZE, align="center", bold=True)
    heading = TextStyle(font=fonts.bold, bold_font=fonts.bold, size=BODY_SIZE, bold=True, space_before=10,
                        space_after=4)
    body = TextStyle(font=fonts.regular, bold_font=fonts.bold, size=BODY_SIZE, first_indent=INDENT,
                     align="thai", space_before=4)
    plain = body.with_(first_indent=0, align="left", space_before=6)
    story: list[Flowable] = [
        ThaiParagraph("รายงานการประชุม", center.with_(size=20)),
        ThaiParagraph(digits(spec.title, td), center),
        ThaiParagraph(digits(f"ครั้งที่ {spec.number}", td), center),
        ThaiParagraph(f"เมื่อวันที่ {format_thai_date(spec.date, 'full', thai_digits=td)}", center),
        ThaiParagraph(digits(f"ณ {spec.place}", td), center),
        Rule(5 * cm, space_before=4, space_after=8),
    ]
    if spec.note:  # an amended re-issue says what changed
        story.append(ThaiParagraph(digits(spec.note, td), plain.with_(space_before=0, space_after=6)))
    story += [ThaiParagraph("ผู้มาประชุม", heading), _people_table(spec.present, fonts, td, third="role")]
    if spec.absent:
        story += [ThaiParagraph("ผู้ไม่มาประชุม", heading), _people_table(spec.absent, fonts, td, third="reason")]
    if spec.others:
        story += [ThaiParagraph("ผู้เข้าร่วมประชุม", heading), _people_table(spec.others, fonts, td, third="role")]
    if spec.start_time:
        story.append(ThaiParagraph(digits(f"เริ่มประชุมเวลา {spec.start_time}", td), heading))
    for n, item in enumerate(spec.agenda, 1):
        title = ThaiParagraph(digits(f"ระเบียบวาระที่ {n} {item.title}", td), heading)
        paras = [ThaiParagraph(digits(p, td), body) for p in item.body]
        story.append(KeepTogether([title] + paras[:1]))
        story += paras[1:]
        if item.resolution:
            story.append(ThaiParagraph(
                style=plain.with_(left_indent=0, first_indent=INDENT, space_before=8),
                runs=[("มติที่ประชุม", True), (" " + digits(item.resolution, td), False)]))
    if spec.end_time:
        story.append(ThaiParagraph(digits(f"เลิกประชุมเวลา {spec.end_time}", td), heading))
    for signer, role in ((spec.recorder, "ผู้จดรายงานการประชุม"), (spec.checker, "ผู้ตรวจรายงานการประชุม")):
        if signer is not None:
            story.append(KeepTogether(signature_block(fonts, signer, td, role=role)))
    story.append(Spacer(0, 1))
    return story


def render_minutes(spec: MinutesSpec, out: DocumentTarget, *, fonts: DocumentFonts | None = None) -> DocumentTarget:
    fonts = fonts or get_fonts(spec.font)
    check_spec_text(spec, fonts)
    doc = make_doc(out, title=spec.title, author="", page_numbers=True, thai_digits=spec.thai_digits,
                   font=fonts.regular)
    doc.build(minutes_flowables(spec, fonts))
    return out
