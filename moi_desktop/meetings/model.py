"""Codes of the meetings area and their Thai labels."""

# The standard agenda of a Thai official meeting (ระเบียบวาระการประชุม).
AGENDA: dict[int, str] = {
    1: "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    2: "รับรองรายงานการประชุมครั้งที่แล้ว",
    3: "เรื่องสืบเนื่อง",
    4: "เรื่องเพื่อพิจารณา",
    5: "เรื่องอื่น ๆ",
}
FOLLOW_UP_AGENDA = 3  # open actions of the series appear here at the next meeting
CERTIFY_AGENDA = 2  # the previous meeting's minutes are certified here
ALWAYS_PRINTED = 4  # agenda 1–4 always appear in the minutes ("- ไม่มี -" when empty); 5 when used
NOTHING = "- ไม่มี -"

DRAFT, ISSUED = "draft", "issued"
MINUTES_STATUSES: dict[str, str] = {DRAFT: "ร่าง (แก้ไขได้)", ISSUED: "ออกรายงานแล้ว"}

# Attendance rows: an invitee present / absent (with a reason) / represented by a substitute
# (มาแทน), and other participants (ผู้เข้าร่วมประชุม) who were not invited as members of the meeting.
PRESENT, ABSENT, SUBSTITUTE, PARTICIPANT = "present", "absent", "substitute", "participant"
ATTENDANCE_STATUSES: dict[str, str] = {
    PRESENT: "มาประชุม", ABSENT: "ไม่มาประชุม", SUBSTITUTE: "มาแทน", PARTICIPANT: "ผู้เข้าร่วมประชุม",
}
INVITEE_KINDS: dict[str, str] = {"member": "ภาคีเครือข่าย", "official": "ข้าราชการ/เจ้าหน้าที่", "other": "อื่น ๆ"}

OPEN, DONE, CANCELLED = "open", "done", "cancelled"
ACTION_STATUSES: dict[str, str] = {OPEN: "อยู่ระหว่างดำเนินการ", DONE: "ดำเนินการแล้ว", CANCELLED: "ยกเลิก"}
OWNER_KINDS: dict[str, str] = {"member": "ภาคีเครือข่าย", "official": "ข้าราชการ/เจ้าหน้าที่", "agency": "หน่วยงาน"}

AS_IS, AMENDED = "as_is", "amended"
CERTIFICATIONS: dict[str, str] = {AS_IS: "รับรองโดยไม่มีการแก้ไข", AMENDED: "รับรองโดยมีการแก้ไข"}

# Thai messages of the validation the issue names (tests look for them).
NO_CHAIR = "กรุณาระบุประธานในที่ประชุม"
END_BEFORE_START = "เวลาเลิกประชุมต้องอยู่หลังเวลาเริ่มประชุม"
NO_OWNER = "กรุณาระบุผู้รับผิดชอบงานที่ต้องติดตาม (ภาคีเครือข่าย ข้าราชการ หรือหน่วยงาน)"
FROZEN = "รายงานการประชุมครั้งนี้ออกแล้ว จึงแก้ไขไม่ได้ (แก้ไขได้เมื่อที่ประชุมครั้งถัดไปรับรองโดยมีการแก้ไข)"
