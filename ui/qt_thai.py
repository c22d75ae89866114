"""Thai for the handful of texts Qt itself puts on buttons and menus (Qt ships no Thai translation)."""

from PySide6.QtCore import QCoreApplication, QTranslator

# Qt source text → Thai, whatever the Qt class (context) asking.
QT_TEXTS = {
    "OK": "ตกลง",
    "&OK": "ตกลง",
    "Cancel": "ยกเลิก",
    "&Cancel": "ยกเลิก",
    "Close": "ปิด",
    "&Close": "ปิด",
    "Yes": "ใช่",
    "&Yes": "ใช่",
    "No": "ไม่ใช่",
    "&No": "ไม่ใช่",
    "Save": "บันทึก",
    "&Save": "บันทึก",
    "Open": "เปิด",
    "&Open": "เปิด",
    "Discard": "ไม่บันทึก",
    "Apply": "นำไปใช้",
    "Show Details...": "แสดงรายละเอียด…",
    "Hide Details...": "ซ่อนรายละเอียด…",
    "&Undo": "เลิกทำ",
    "&Redo": "ทำซ้ำ",
    "Cu&t": "ตัด",
    "&Copy": "คัดลอก",
    "&Paste": "วาง",
    "Delete": "ลบ",
    "Select All": "เลือกทั้งหมด",
    "Look in:": "ค้นหาใน:",
    "File &name:": "ชื่อไฟล์:",
    "Files of type:": "ชนิดไฟล์:",
}


class ThaiQtTranslator(QTranslator):
    def translate(self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1) -> str:
        return QT_TEXTS.get(source_text, "")  # "" means "not translated": Qt keeps its English

    def isEmpty(self) -> bool:
        return False


_translator: ThaiQtTranslator | None = None


def install_qt_thai() -> ThaiQtTranslator:
    """Install once per process (the application keeps only a pointer: we keep the object)."""
    global _translator
    if _translator is None:
        _translator = ThaiQtTranslator()
        QCoreApplication.installTranslator(_translator)
    return _translator
