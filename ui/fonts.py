"""The bundled UI font: Thai renders the same on every PC, including ones without Thai fonts."""

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from moi_desktop.paths import resource_path

log = logging.getLogger(__name__)

UI_FONT_FILES = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")
UI_FONT_POINT_SIZE = 11
_loaded_family: str | None = None


def load_ui_font() -> str:
    """Register the bundled Sarabun files once; returns the family name."""
    global _loaded_family
    if _loaded_family:
        return _loaded_family
    family = ""
    for name in UI_FONT_FILES:
        path = resource_path("fonts", name)
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise RuntimeError(f"cannot load bundled UI font {path}")
        family = family or QFontDatabase.applicationFontFamilies(font_id)[0]
    _loaded_family = family
    return family


def install_ui_font(app: QApplication, point_size: int = UI_FONT_POINT_SIZE) -> QFont:
    font = QFont(load_ui_font(), point_size)
    app.setFont(font)
    log.debug("UI font %s %s pt", font.family(), point_size)
    return font
