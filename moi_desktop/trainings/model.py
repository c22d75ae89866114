"""Codes of the trainings area and their Thai labels."""

KINDS: dict[str, str] = {
    "dcast": "หลักสูตรนักขับเคลื่อนยุทธศาสตร์ระดับอำเภอ (DCAST)",
    "leader": "หลักสูตรผู้นำการเปลี่ยนแปลง",
    "one_plan": "การประชุมเชิงปฏิบัติการ One Plan",
    "forum": "เวทีประชาคมหมู่บ้าน",
    "other": "อื่น ๆ",
}

# Roll calls of a day (เช้า / กลางวัน / เย็น): default start and late-after times, local clock.
SLOTS: dict[str, str] = {"morning": "ภาคเช้า", "noon": "ภาคกลางวัน", "evening": "ภาคเย็น", "other": "รอบพิเศษ"}
DEFAULT_ROLL_CALLS: tuple[tuple[str, str, str, str], ...] = (
    ("morning", "08:30", "09:00", "12:00"),
    ("noon", "13:00", "13:15", "16:00"),
    ("evening", "16:30", "16:45", "17:00"),
)

PRESENT, LATE, EXCUSED, ABSENT = "present", "late", "excused", "absent"
STATUSES: dict[str, str] = {PRESENT: "มา", LATE: "มาสาย", EXCUSED: "ลา", ABSENT: "ขาด"}
# Marks in the attendance matrix: ✓ / ส (late) / ล (excused) / ข (absent).
MATRIX_MARKS: dict[str, str] = {PRESENT: "✓", LATE: "ส", EXCUSED: "ล", ABSENT: "ข"}
SUBSTITUTE_MARK = "ท"  # attended on behalf of someone else (แทน)

METHODS: dict[str, str] = {
    "scan": "สแกน",
    "typed": "พิมพ์ชื่อ",
    "paper": "ใบลงลายมือชื่อ",
    "close": "ปิดรอบ",
    "bulk": "บันทึกหลายคน",
}

ENROL_SOURCES: dict[str, str] = {
    "picked": "เลือกจากทะเบียน",
    "import": "นำเข้าจากไฟล์",
    "walk_in": "ลงทะเบียนหน้างาน",
    "substitute": "มาแทน",
}

MATERIAL_BASES: dict[str, str] = {
    "per_person": "ต่อคน",
    "per_group": "ต่อกลุ่ม",
    "per_session": "ต่อรอบ",
    "fixed": "จำนวนคงที่",
}

# Default provinces / districts where no session should fall on a Friday afternoon: the southern
# border provinces ปัตตานี (94), ยะลา (95), นราธิวาส (96) and the four districts of สงขลา under the
# same special administration: จะนะ (9003), นาทวี (9004), เทพา (9005), สะบ้าย้อย (9006).
DEFAULT_FRIDAY_AREAS: tuple[str, ...] = ("94", "95", "96", "9003", "9004", "9005", "9006")
FRIDAY_AREAS_KEY = "trainings.friday_areas"
# A session "falls on Friday afternoon" when it runs at or after this local time.
FRIDAY_NOON = "12:00"

# Two marks by one operator closer than this are faster than a person can walk up to the desk.
FAST_MARK_SECONDS = 2.0
