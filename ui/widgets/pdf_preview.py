"""A PDF preview: QtPdf's document + view, fit to width, all pages scrolling.

QPdfView renders pages asynchronously (a grab right after load is blank) and QPdfDocument.render
returns transparent images — `render_page_image` fills white for thumbnails and screenshots.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QLabel, QStackedLayout, QWidget

PRINT_DPI = 300  # pages are rasterised at most this fine for the printer (Thai text stays crisp)


class PdfPreview(QWidget):
    loaded = Signal(int)  # page count, once a document is ready

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = self._make_view()
        self.placeholder = QLabel("เลือกรายงานทางซ้ายเพื่อดูตัวอย่าง", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)  # a long message must not widen the page past the screen
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self.view)
        self.path: Path | None = None
        self.document.statusChanged.connect(self._on_status)

    def load(self, path: str | Path) -> None:
        self.path = Path(path)
        # A fresh document and view for each file: QPdfView keeps the page images it rendered and
        # went on showing the previous file's pages after a reload (a letter's preview stayed stale).
        old_document, old_view = self.document, self.view
        self.document = QPdfDocument(self)
        self.document.statusChanged.connect(self._on_status)
        self.view = self._make_view()
        self._stack.addWidget(self.view)
        self.document.load(str(self.path))  # local files load synchronously; status follows
        self._stack.removeWidget(old_view)
        old_view.deleteLater()
        old_document.close()
        old_document.deleteLater()

    def _make_view(self) -> QPdfView:
        view = QPdfView(self)
        view.setDocument(self.document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        return view

    def clear(self, message: str = "เลือกรายงานทางซ้ายเพื่อดูตัวอย่าง") -> None:
        self.document.close()
        self.path = None
        self.placeholder.setText(message)
        self._stack.setCurrentWidget(self.placeholder)

    def show_message(self, message: str) -> None:
        self.placeholder.setText(message)
        self._stack.setCurrentWidget(self.placeholder)

    def is_ready(self) -> bool:
        return self.document.status() == QPdfDocument.Status.Ready

    def page_count(self) -> int:
        return self.document.pageCount() if self.is_ready() else 0

    def render_page_image(self, page: int = 0, width: int = 800) -> QImage:
        """Page `page` as an opaque image `width` pixels wide (white under the transparent page)."""
        size = self.document.pagePointSize(page)
        height = int(width * size.height() / size.width())
        image = self.document.render(page, QSize(width, height))
        opaque = QImage(image.size(), QImage.Format.Format_RGB32)
        opaque.fill(QColor("white"))
        painter = QPainter(opaque)
        painter.drawImage(0, 0, image)
        painter.end()
        return opaque

    # -- printing (print directly, as well as saving a PDF) ---------------------------
    def print_to(self, printer: QPrinter) -> int:
        """Print every page of the loaded document on `printer` (A4, no margins: the PDF has its
        own), each page rendered at the printer's resolution (capped at PRINT_DPI). Returns the
        number of pages printed (0 when nothing is loaded)."""
        if not self.is_ready():
            return 0
        # A4 by its size: QPageSize(PageSizeId.A4) comes out invalid in some Qt set-ups (then the
        # printer falls back to an empty or Letter page)
        a4 = QPageSize(QSizeF(210, 297), QPageSize.Unit.Millimeter, "A4")
        printer.setFullPage(True)
        printer.setPageLayout(QPageLayout(a4, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        dpi = min(printer.resolution(), PRINT_DPI)
        pages = self.document.pageCount()
        try:
            for page in range(pages):
                if page:
                    printer.newPage()
                size = self.document.pagePointSize(page)
                landscape = size.width() > size.height()
                if landscape:
                    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
                width = int(size.width() / 72 * dpi)
                image = self.render_page_image(page, width)
                target = printer.pageLayout().fullRectPixels(printer.resolution())
                painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
        finally:
            painter.end()
        return pages

    def print_with_dialog(self) -> int:
        """The system print dialog, then print_to the printer chosen (0 when cancelled)."""
        if not self.is_ready():
            return 0
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("พิมพ์เอกสาร")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        return self.print_to(printer)

    def _on_status(self, status: QPdfDocument.Status) -> None:
        if status == QPdfDocument.Status.Ready:
            self._stack.setCurrentWidget(self.view)
            self.loaded.emit(self.document.pageCount())
        elif status == QPdfDocument.Status.Error:
            self.show_message("เปิดไฟล์ตัวอย่างไม่ได้")
