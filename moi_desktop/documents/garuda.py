"""The Garuda (ตราครุฑ) of official correspondence: checking the office's image, drawing it at the
regulation's size, and a clearly marked placeholder for demos and tests.

ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ: the Garuda is 3 cm high on a หนังสือภายนอก or
หนังสือประทับตรา (centred) and 1.5 cm high on a บันทึกข้อความ (top left), about 1.5 cm from the
top edge of the paper. The program ships no Garuda (no source we could find documents the emblem
as free to redistribute; see resources/GARUDA.md): each office supplies its image once and it is
kept as PNG bytes in the database, so it survives backup and restore.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from moi_desktop.errors import UserError

MEMO_HEIGHT = 1.5 * cm
LETTER_HEIGHT = 3 * cm
FROM_TOP = 1.5 * cm  # the Garuda's top edge below the top of the paper

MAX_BYTES = 2_000_000
MIN_PIXELS = 150  # tall enough for 3 cm at about 130 dpi
MAX_PIXELS = 4000
MIN_ASPECT, MAX_ASPECT = 0.5, 1.5  # width / height: the emblem is about as wide as it is high
CLEAR_ALPHA = 16  # a pixel this transparent counts as background

WHERE_TO_SET = ("ตั้งค่าภาพครุฑของสำนักงานได้ที่หน้า ตั้งค่า หรือด้วยคำสั่ง office set --garuda FILE "
                "หรือระบุ \"garuda\" (ไฟล์ PNG) ในไฟล์ JSON ของเอกสาร")


@dataclass(frozen=True)
class GarudaImage:
    """A checked Garuda: PNG bytes with transparency, and its pixel size."""

    data: bytes
    width: int
    height: int

    def width_for(self, height: float) -> float:
        return height * self.width / self.height


def check_garuda(data: bytes, *, field: str = "garuda") -> GarudaImage:
    """The image if it is a usable Garuda: a PNG (not huge in bytes or pixels), about as wide as
    it is high, with a transparent background (an opaque white box would hide the lines around
    it). Otherwise a Thai UserError saying what is wrong."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise UserError(f"ไฟล์ภาพครุฑใหญ่เกินไป ({len(data) / 1_000_000:.1f} MB) ต้องไม่เกิน "
                        f"{MAX_BYTES // 1_000_000} MB", field=field)
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height), mode = image.format, image.size, image.mode
            if kind != "PNG":
                raise UserError("ภาพครุฑต้องเป็นไฟล์ PNG พื้นหลังโปร่งใส", field=field)
            if not (MIN_PIXELS <= height <= MAX_PIXELS and MIN_PIXELS * MIN_ASPECT <= width <= MAX_PIXELS):
                raise UserError(f"ขนาดภาพครุฑ {width}×{height} พิกเซลไม่เหมาะสม ความสูงต้องอยู่ระหว่าง "
                                f"{MIN_PIXELS} ถึง {MAX_PIXELS} พิกเซล", field=field)
            if not MIN_ASPECT <= width / height <= MAX_ASPECT:
                raise UserError(f"สัดส่วนภาพครุฑ {width}×{height} ไม่ใช่ภาพตราครุฑ "
                                "(ความกว้างควรใกล้เคียงความสูง)", field=field)
            has_alpha = mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in image.info)
            if not has_alpha:
                raise UserError("ภาพครุฑต้องมีพื้นหลังโปร่งใส (PNG ที่มีช่องความโปร่งใส)", field=field)
            alpha = image.convert("RGBA").getchannel("A")
    except UserError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UserError("เปิดไฟล์ภาพครุฑไม่ได้ กรุณาเลือกไฟล์ภาพ PNG", field=field, detail=str(exc)) from None
    histogram = alpha.histogram()
    clear = sum(histogram[:CLEAR_ALPHA]) / (width * height)
    if clear < 0.1:
        raise UserError("ภาพครุฑต้องมีพื้นหลังโปร่งใส (ภาพนี้ทึบเกือบทั้งภาพ)", field=field)
    if clear > 0.95:
        raise UserError("ภาพครุฑโปร่งใสเกือบทั้งภาพ ไม่เห็นตราครุฑ", field=field)
    return GarudaImage(data, width, height)


def read_garuda_file(path: str | Path, *, field: str = "garuda") -> GarudaImage:
    """Read and check a Garuda file; the size is checked before the file is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise UserError(f"ไม่พบไฟล์ภาพครุฑ: {path}", field=field) from None
    if size > MAX_BYTES:
        raise UserError(f"ไฟล์ภาพครุฑใหญ่เกินไป ({size / 1_000_000:.1f} MB) ต้องไม่เกิน "
                        f"{MAX_BYTES // 1_000_000} MB", field=field)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"อ่านไฟล์ภาพครุฑไม่ได้: {path}", field=field, detail=str(exc)) from None
    return check_garuda(data, field=field)


def draw_garuda(canvas: Canvas, garuda: GarudaImage, x: float, y: float, height: float) -> float:
    """Draw the Garuda with its bottom-left corner at (x, y), `height` points high (the
    regulation's size), keeping its proportions and its transparency; returns the width."""
    width = garuda.width_for(height)
    canvas.drawImage(ImageReader(io.BytesIO(garuda.data)), x, y, width=width, height=height, mask="auto")
    return width


def placeholder_garuda() -> GarudaImage:
    """A stand-in emblem for demo databases and test documents — NOT the Garuda: a grey bird-like
    outline with "SAMPLE" across it, so a printed demo can never pass for an official letter."""
    from PIL import Image, ImageDraw

    size = 300
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    grey = (90, 90, 90, 255)
    draw.ellipse((120, 30, 180, 90), outline=grey, width=8)  # head
    draw.polygon([(150, 95), (40, 60), (20, 150), (120, 170)], outline=grey, width=8)  # left wing
    draw.polygon([(150, 95), (260, 60), (280, 150), (180, 170)], outline=grey, width=8)  # right wing
    draw.polygon([(110, 170), (190, 170), (175, 270), (125, 270)], outline=grey, width=8)  # body
    draw.rectangle((20, 125, 280, 175), fill=(200, 0, 0, 230))
    draw.text((150, 150), "SAMPLE", fill=(255, 255, 255, 255), anchor="mm", font_size=40)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return check_garuda(buffer.getvalue())
