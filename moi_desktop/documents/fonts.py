"""Document fonts: the bundled Laksaman/Sarabun and the office's installed TH Sarabun family.

Each family is registered with reportlab once per process as a shapable TTFont (uharfbuzz).
The office's choice is stored in the `meta` table under "document_font".
"""

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from moi_desktop.db.rows import set_meta
from moi_desktop.errors import UserError
from moi_desktop.paths import resource_path

# Page streams compressed and kept binary: reportlab's default also ASCII85-encodes them, a quarter
# larger and a twentieth of a large report's time, for 7-bit channels no PDF travels by here.
rl_config.useA85 = 0

DEFAULT_FAMILY = "Laksaman"
META_KEY = "document_font"

# Bundled families: file names under resources/fonts/.
_BUNDLED = {
    "Laksaman": ("Laksaman.ttf", "Laksaman-Bold.ttf"),
    "Sarabun": ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf"),
}

# Installed TH Sarabun family fonts, matched by file name (case-insensitive, spaces/dashes ignored).
_INSTALLED = {
    "TH SarabunIT๙": ("thsarabunit๙", "thsarabunit๙bold"),
    "TH Sarabun New": ("thsarabunnew", "thsarabunnewbold"),
    "TH Sarabun PSK": ("thsarabunpsk", "thsarabunpskbold"),
}


@dataclass(frozen=True)
class DocumentFonts:
    regular: str  # registered reportlab font name
    bold: str
    family: str
    path_regular: Path
    path_bold: Path


_lock = threading.Lock()
_registered: dict[str, DocumentFonts] = {}


def font_dirs() -> list[Path]:
    """Where installed fonts live on Windows and Linux (user dirs included)."""
    dirs = []
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    if sys.platform != "win32":
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
                 Path.home() / ".local" / "share" / "fonts"]
    return [d for d in dirs if d.is_dir()]


def _key(name: str) -> str:
    return name.lower().replace(" ", "").replace("-", "").replace("_", "")


def _installed_families() -> dict[str, tuple[Path, Path]]:
    found: dict[str, Path] = {}
    for directory in font_dirs():
        try:
            files = [p for p in directory.rglob("*") if p.suffix.lower() == ".ttf"]
        except OSError:
            continue  # unreadable font dir: the bundled fonts still work
        for path in files:
            found.setdefault(_key(path.stem), path)
    families = {}
    for family, (regular, bold) in _INSTALLED.items():
        if regular in found and bold in found:
            families[family] = (found[regular], found[bold])
    return families


def _bundled_families() -> dict[str, tuple[Path, Path]]:
    return {
        family: (resource_path("fonts", regular), resource_path("fonts", bold))
        for family, (regular, bold) in _BUNDLED.items()
    }


def _all_families() -> dict[str, tuple[Path, Path]]:
    families = _bundled_families()
    families.update(_installed_families())
    return families


def available_families() -> list[str]:
    """Bundled families first (default first), then installed TH Sarabun fonts."""
    return list(_all_families())


def default_family() -> str:
    """The family used when the office chose none: an installed TH Sarabun font (the font of
    official documents) when the PC has one, else the bundled Laksaman."""
    installed = _installed_families()
    return next(iter(installed), DEFAULT_FAMILY)


def _register(name: str, path: Path) -> None:
    if name in pdfmetrics.getRegisteredFontNames():
        return
    font = TTFont(name, str(path), shapable=True)
    if not font.shapable:
        raise RuntimeError("uharfbuzz is not importable: Thai text cannot be shaped")
    pdfmetrics.registerFont(font)


def get_fonts(preferred: str | None = None) -> DocumentFonts:
    """The registered fonts of `preferred`, or of `default_family()` when it is not available.

    A stored preference can name a font the PC no longer has; the document must still render.
    """
    with _lock:
        if preferred and preferred in _registered:
            return _registered[preferred]
        families = _all_families()
        family = preferred if preferred in families else default_family()
        if family in _registered:
            return _registered[family]
        path_regular, path_bold = families[family]
        slug = "".join(ch for ch in family if ch.isascii() and ch.isalnum())
        regular, bold = f"DD-{slug}", f"DD-{slug}-Bold"
        _register(regular, path_regular)
        _register(bold, path_bold)
        fonts = DocumentFonts(regular, bold, family, path_regular, path_bold)
        _registered[family] = fonts
        return fonts


def get_document_font(db: sqlite_utils.Database) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [META_KEY]).fetchone()
    return row[0] if row and row[0] else None


def set_document_font(db: sqlite_utils.Database, family: str) -> None:
    if family not in available_families():
        raise UserError(f"ไม่พบแบบอักษร {family} ในเครื่องนี้", field="document_font")
    set_meta(db, META_KEY, family)
