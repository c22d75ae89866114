"""The headless face of the program: one module per area, named after the area it faces.

`commands/<area>.py` holds the commands of `moi_desktop/<area>/` (or `moi_desktop/<area>.py`):
the `training` and `attendance` groups are in trainings.py, `import` in imports.py, `bundle` in
exchange.py, `lookup` in reference.py, `report` in reports.py, `breach` in pdpa_register.py,
`backup` and `restore` in backup.py, `users`, `audit` and `safety` in security.py. The members'
PDPA tools (`members export-person|erase|retention`) stay in members.py: they are `members`
commands and call moi_desktop/members/.

Each module defines `register(subparsers)`; moi_desktop/cli.py finds them all, and loads only the
one a command line names: INDEX below lists every top-level command with its module and one-line
help, so `--help` and each command start without importing (and building the parsers of) the
others. A new command goes in INDEX too (tests/unit/test_cli_index.py compares it with what the
modules register; a command missing from it still works, its module loaded on every run). A module whose name
starts with an underscore is a helper, not a command module (_common.py: `opened(args)` and
friends). tests/unit/test_commands_layout.py holds this layout to account.
"""

# Command modules not named after one area, and the areas they face.
SHARED_MODULES: dict[str, tuple[str, ...]] = {
    # init / info / demo: setting up an installation (office profile, database facts, demo data).
    "setup": ("office", "db", "demo"),
}

# Every top-level command: (its module here, its one-line help as the module registers it), in
# the order `--help` lists them (modules by name, each module's commands in its own order).
INDEX: dict[str, tuple[str, str]] = {
    "backup": ("backup", "สำรองฐานข้อมูลไปยังไฟล์ (เช่น แฟลชไดรฟ์)"),
    "restore": ("backup", "กู้คืนฐานข้อมูลจากไฟล์สำรอง (เก็บสำเนาฐานข้อมูลเดิมไว้ก่อน)"),
    "cases": ("cases", "เรื่องราวครัวเรือน: บันทึก รายการ เปลี่ยนสถานะ บันทึกการดำเนินการ"),
    "households": ("cases", "ครัวเรือน: สมาชิก รายได้ พิกัด และลำดับความสำคัญ"),
    "referral": ("cases", "ส่งต่อเรื่องราวให้หน่วยงานด้วยหนังสือออกเลข และบันทึกการตอบกลับ"),
    "officials": ("correspondence", "เจ้าหน้าที่ผู้ลงนามหนังสือ: เพิ่ม รายการ แก้ไข"),
    "letter": ("correspondence", "หนังสือราชการและทะเบียนหนังสือส่ง"),
    "document": ("documents", "สร้างเอกสารราชการ (PDF)"),
    "evaluation": ("evaluation", "การคัดเลือกอำเภอ: หลักเกณฑ์ ให้คะแนน จัดลำดับ ใบสรุปคะแนน"),
    "bundle": ("exchange", "รับ–ส่งข้อมูลระหว่างสำนักงานด้วยไฟล์ชุดข้อมูลเข้ารหัส"),
    "import": ("imports", "นำเข้าข้อมูลจากไฟล์ Excel (.xlsx) หรือ CSV"),
    "meeting": ("meetings", "การประชุม: วาระ ผู้เข้าประชุม มติ งานติดตาม รายงานการประชุม"),
    "members": ("members", "ภาคีเครือข่าย: แบบฟอร์ม รายชื่อ รายการซ้ำ และเครื่องมือ PDPA"),
    "breach": ("pdpa_register", "ทะเบียนเหตุการณ์ละเมิดข้อมูลส่วนบุคคล (PDPA)"),
    "projects": ("projects", "โครงการและกิจกรรม: รายการ แดชบอร์ด และข้อมูลจำลอง"),
    "milestones": ("projects", "เป้าหมายรายระยะและผลการดำเนินงานของโครงการ"),
    "lessons": ("projects", "บทเรียนจากการดำเนินงานและความพึงพอใจของผู้รับประโยชน์"),
    "lookup": ("reference", "ค้นหาอำเภอ/จังหวัดจากชื่อ (ทนต่อการสะกดผิด)"),
    "calendar": ("reporting", "ปฏิทินการรายงาน: รายการที่ต้องส่งและกำหนดส่ง"),
    "submission": ("reporting", "ส่งรายงานประจำงวดให้จังหวัด และนำเข้ารายงานของอำเภอ"),
    "orders": ("reporting", "ข้อสั่งการ: บันทึก ติดตาม สถานะ"),
    "report": ("reports", "สร้างรายงาน PDF/Excel หรือแสดงรายชื่อรายงาน (report list)"),
    "users": ("security", "บัญชีผู้ใช้"),
    "audit": ("security", "บันทึกการใช้งาน"),
    "security": ("security", "กุญแจเข้ารหัสฐานข้อมูล"),
    "safety": ("security", "ดูหรือตั้งเวลาล็อกหน้าจออัตโนมัติและจำนวนไฟล์สำรองที่เก็บไว้"),
    "init": ("setup", "สร้างฐานข้อมูลใหม่สำหรับสำนักงานอำเภอหรือสำนักงานจังหวัด"),
    "office": ("setup", "ข้อมูลสำนักงาน: ดูค่า และตั้งภาพครุฑสำหรับหนังสือราชการ"),
    "info": ("setup", "ข้อมูลฐานข้อมูล: รุ่น สำนักงาน และจำนวนข้อมูลแต่ละตาราง"),
    "demo": ("setup", "สร้างฐานข้อมูลตัวอย่างของอำเภอนำร่อง"),
    "training": ("trainings", "การอบรม: สร้าง ตารางรอบลงเวลา รายชื่อผู้เข้าอบรม เกณฑ์ ๘๐%%"),
    "attendance": ("trainings", "ลงเวลาผู้เข้าอบรม: สแกน มาแทน ยกเลิก ลา ปิดรอบ"),
}
