"""Mapping free-text partner descriptions onto the seven partner sectors (ภาคีเครือข่าย ๗ ภาค).

Rules are keyword tests on the tidied text without spaces, tried in order; the first hit wins, so
the order encodes precedence:
  1. an exact sector code or Thai sector name;
  2. civil_society before private and people: "องค์กรพัฒนาเอกชน" (NGO) contains เอกชน and
     "ประชาสังคม" is not ประชาชน;
  3. media, religious (so "พระครู" is not a teacher), education, academic and private before
     government: "หอการค้าจังหวัด" is private even though it names a province, and
     "มหาวิทยาลัยราชภัฏ…" is academic;
  4. government covers ministries, departments, provincial/district offices, local government
     (อปท., อบต., เทศบาล), state enterprises, public hospitals and the local officials
     กำนัน/ผู้ใหญ่บ้าน (appointed under the local administration act);
  5. people covers villagers, community groups, volunteers (อสม., จิตอาสา) and farmers.
Education is deliberately NOT academic: seed 004 counts "ภาคีเครือข่ายด้านการศึกษา" apart from
"ภาคีเครือข่ายวิชาการ", so schools and teachers map to "other" (callers keep the original text);
only universities and research institutes are academic. Anything unrecognised is "other".
"""

from moi_desktop.reference.names import tidy

SECTOR_CODES = ("government", "academic", "religious", "people", "private", "civil_society", "media", "other")

_EXACT = {
    "ภาคราชการ": "government",
    "ภาครัฐ": "government",
    "ภาคราชการ(ภาครัฐ)": "government",
    "ภาควิชาการ": "academic",
    "ภาคศาสนา": "religious",
    "ภาคประชาชน": "people",
    "ภาคเอกชน": "private",
    "ภาคประชาสังคม": "civil_society",
    "ภาคสื่อมวลชน": "media",
    "ภาคสื่อสารมวลชน": "media",
    "อื่นๆ": "other",
    "อื่น": "other",
}

_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("civil_society", ("ประชาสังคม", "องค์กรพัฒนาเอกชน", "มูลนิธิ", "สมาคม", "ชมรม", "เอ็นจีโอ", "ngo", "civil")),
    ("media", ("สื่อ", "นักข่าว", "วิทยุ", "โทรทัศน์", "หนังสือพิมพ์", "media", "press", "journalist")),
    (
        "religious",
        ("ศาสนา", "สงฆ์", "เจ้าอาวาส", "พระครู", "มัสยิด", "อิหม่าม", "โบสถ์", "บาทหลวง", "religio", "monk"),
    ),
    ("other", ("ด้านการศึกษา", "สถานศึกษา", "โรงเรียน", "สถาบันการศึกษา", "ครู", "อาชีวศึกษา", "วิทยาลัยเทคนิค")),
    (
        "academic",
        ("วิชาการ", "มหาวิทยาลัย", "อุดมศึกษา", "ราชภัฏ", "ราชมงคล", "วิจัย", "academ", "universit", "research"),
    ),
    (
        "private",
        ("เอกชน", "บริษัท", "บจก", "ธุรกิจ", "ห้างหุ้นส่วน", "ห้างร้าน", "หอการค้า", "สภาอุตสาหกรรม",
         "ผู้ประกอบการ", "private", "business", "company"),
    ),
    (
        "government",
        ("ราชการ", "ภาครัฐ", "รัฐบาล", "หน่วยงานรัฐ", "รัฐวิสาหกิจ", "กระทรวง", "กรม", "สำนักงาน", "จังหวัด",
         "อำเภอ", "ปกครอง", "อปท", "อบต", "อบจ", "เทศบาล", "กำนัน", "ผู้ใหญ่บ้าน", "ปลัด", "โรงพยาบาล",
         "รพสต", "ทหาร", "ตำรวจ", "government", "public sector"),
    ),
    (
        "people",
        ("ประชาชน", "ชาวบ้าน", "ชุมชน", "หมู่บ้าน", "อสม", "จิตอาสา", "อาสาสมัคร", "เกษตรกร", "กลุ่มอาชีพ",
         "ปราชญ์", "people", "citizen", "villager"),
    ),
)


def match_sector(text: str | None) -> str:
    """The sector code a free-text partner description belongs to, or "other"."""
    key = tidy(text or "").replace(" ", "").replace(".", "").lower()
    if not key:
        return "other"
    if key in SECTOR_CODES:
        return key
    if key in _EXACT:
        return _EXACT[key]
    for code, keywords in _RULES:
        if any(word in key for word in keywords):
            return code
    return "other"
