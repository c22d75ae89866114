"""Roles and what each may do: one static map of actions (`PERMISSIONS`) and of the tables each
action may write (`WRITE_ACTIONS`). `can(user, action)` reads the map; the check the core runs
is `security.session.require(db, action)`, for the user acting on that database.

administrator: office settings, users, restore — and everything else; clerk: all data;
trainer: trainings and the attendance desk only; viewer: read and report.
"""

from functools import cache
from typing import Protocol

ROLES: dict[str, str] = {
    "admin": "ผู้ดูแลระบบ",
    "clerk": "เจ้าหน้าที่",
    "trainer": "ผู้จัดการอบรม",
    "viewer": "ผู้ดูข้อมูล",
}

# Every action the program checks, with the Thai phrase used in refusals ("ไม่มีสิทธิ์<phrase>").
ACTIONS: dict[str, str] = {
    "office.edit": "แก้ไขข้อมูลสำนักงาน",
    "users.manage": "จัดการบัญชีผู้ใช้",
    "backup.create": "สำรองข้อมูล",
    "backup.restore": "กู้คืนข้อมูลจากไฟล์สำรอง",
    "audit.view": "ดูบันทึกการใช้งาน",
    "pdpa.manage": "บันทึกเหตุการณ์ละเมิดข้อมูลส่วนบุคคล",
    "members.view": "ดูรายชื่อภาคีเครือข่าย",
    "members.edit": "เพิ่มหรือแก้ไขภาคีเครือข่าย",
    "members.import": "นำเข้ารายชื่อภาคีเครือข่าย",
    "members.export_personal": "ส่งออกข้อมูลส่วนบุคคลของภาคีเครือข่าย",
    "trainings.view": "ดูข้อมูลการอบรม",
    "trainings.manage": "จัดการการอบรม",
    "attendance.mark": "ลงเวลาผู้เข้าอบรม",
    "projects.view": "ดูข้อมูลโครงการ",
    "projects.edit": "เพิ่มหรือแก้ไขโครงการ",
    "cases.view": "ดูเรื่องราวครัวเรือน",
    "cases.edit": "เพิ่มหรือแก้ไขเรื่องราวครัวเรือน",
    "reports.view": "ดูและพิมพ์รายงาน",
    "exchange.export": "ส่งออกชุดข้อมูล",
    "exchange.import": "นำเข้าชุดข้อมูล",
    # -- PERMISSIONS part --
    "cases.export_sensitive": "แสดงหรือส่งออกข้อมูลอ่อนไหวของเรื่องราวครัวเรือน",
    # LOGIN+RESTORE: a restore that replaces this office with another office's or installation's data
    "backup.replace_office": "กู้คืนไฟล์สำรองของสำนักงานอื่นแทนที่ข้อมูลของสำนักงานนี้",
    # EXCHANGE trust: un-pinning a sending office lets another PC speak for it.
    "exchange.unpin": "ยกเลิกการลงทะเบียนเครื่องของสำนักงานผู้ส่ง",
    # AT-REST (encryption at rest and tamper evidence)
    "security.recovery_key": "แสดงรหัสกู้คืนกุญแจเข้ารหัสฐานข้อมูล",
    # -- CORRESPONDENCE: letters, the outgoing register, the officials who sign --
    "correspondence.edit": "เขียนและออกเลขหนังสือ",
    "officials.manage": "จัดการรายชื่อเจ้าหน้าที่ผู้ลงนาม",
    # MEETINGS
    "meetings.view": "ดูข้อมูลการประชุม",
    "meetings.manage": "จัดการการประชุมและรายงานการประชุม",
    # -- REPORTING: calendar, submissions, province board, orders --
    "reporting.view": "ดูปฏิทินการรายงานและสถานะการส่งรายงาน",
    "reporting.submit": "จัดทำและส่งรายงานประจำงวด",
    "reporting.receive": "นำเข้ารายงานประจำงวดของอำเภอ",
    "reporting.manage": "แก้ไขปฏิทินการรายงาน",
    "orders.manage": "บันทึกและติดตามข้อสั่งการ",
    # -- EVALUATION + HOUSEHOLDS --
    "evaluation.score": "บันทึกคะแนนการคัดเลือกอำเภอ",
    "evaluation.manage": "จัดการหลักเกณฑ์และรอบการคัดเลือกอำเภอ",
}

_ADMIN_ONLY = {"office.edit", "users.manage", "backup.restore", "audit.view", "backup.replace_office",
               "exchange.unpin",  # EXCHANGE trust
               "security.recovery_key"}  # AT-REST
_VIEW = {"members.view", "trainings.view", "projects.view", "cases.view", "reports.view",
         "meetings.view",  # MEETINGS
         "reporting.view"}  # REPORTING

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(ACTIONS),
    "clerk": frozenset(set(ACTIONS) - _ADMIN_ONLY),
    "trainer": frozenset({"trainings.view", "trainings.manage", "attendance.mark", "members.view"}),
    "viewer": frozenset(_VIEW),
}


# -- PERMISSIONS part: who may write which table -----------------------------------
# The write path (db/rows.py) refuses a write unless the acting user holds one of the actions
# named for its table. A setting in `meta` is named "meta:<key>". Nobody but the system on a
# database without accounts (or a demo) may write a table or setting missing here — reference
# tables, the demo flag — and a test checks that every table of the schema is named.
WRITE_ACTIONS: dict[str, tuple[str, ...]] = {
    # the desk registers walk-ins (a new member, enrolled and marked in one go)
    "members": ("members.edit", "members.import", "attendance.mark"),
    "member_merges": ("members.edit",),
    "trainings": ("trainings.manage",),
    "training_sessions": ("trainings.manage", "attendance.mark"),  # closing a roll call
    "training_targets": ("trainings.manage",),
    "training_materials": ("trainings.manage",),
    "enrolments": ("trainings.manage", "attendance.mark"),
    "attendance": ("attendance.mark", "trainings.manage"),
    "attendance_events": ("attendance.mark",),
    "certificates": ("trainings.manage",),
    **dict.fromkeys(
        ("projects", "activities", "activity_photos", "activity_sectors", "project_budgets", "disbursements",
         "agencies", "project_agencies", "project_indicators", "project_sdgs", "project_sectors",
         "project_subdistricts"),
        ("projects.edit",),
    ),
    **dict.fromkeys(("households", "cases", "case_actions", "case_photos", "indicators"), ("cases.edit",)),
    "breach_log": ("pdpa.manage",),
    "office": ("office.edit",),
    "users": ("users.manage",),
    "bundles_sent": ("exchange.export",),
    **dict.fromkeys(("bundles_received", "exchange_peers", "exchange_conflicts"), ("exchange.import",)),
    # EXCHANGE trust: a bundle (import) or a receipt (export side) pins its sender; an administrator un-pins
    "exchange_pins": ("exchange.import", "exchange.export", "exchange.unpin"),
    "meta:lock_idle_minutes": ("office.edit",),
    "meta:document_font": ("office.edit",),
    "meta:backup_keep": ("office.edit",),
    "meta:members_retention_years": ("members.edit",),
    "meta:cases.overdue_days": ("cases.edit",),
    "meta:trainings.friday_areas": ("trainings.manage",),
    # LOGIN+RESTORE: an administrator unlocks a name and sets the limit; the failed-login counter
    # itself is written as bookkeeping (security/logins.py), before anyone is logged in
    "login_failures": ("users.manage",),
    "meta:login_lock_after": ("users.manage",),
    # CORRESPONDENCE: drafts and the outgoing register; the officials who sign
    **dict.fromkeys(("letters", "outgoing_letters"), ("correspondence.edit",)),
    "officials": ("officials.manage",),
    # MEETINGS: meetings, agenda, attendance (the desk marks with meetings.manage), actions
    **dict.fromkeys(("meetings", "meeting_invitees", "meeting_attendance", "meeting_items", "meeting_actions"),
                    ("meetings.manage",)),
    # -- REPORTING: calendar, submissions, province board, orders --
    "reporting_obligations": ("reporting.manage",),
    "submissions": ("reporting.submit",),
    "submissions_received": ("reporting.receive",),
    "orders": ("orders.manage",),
    "order_actions": ("orders.manage",),
    "meta:reporting.warn_days": ("reporting.manage",),
    "meta:reporting.expected_districts": ("reporting.manage",),
    # -- RESULTS + EVALUATION: milestones, actuals, lessons, satisfaction --
    **dict.fromkeys(
        ("milestones", "milestone_indicator_targets", "milestone_actuals", "milestone_indicator_actuals",
         "project_lessons", "project_satisfaction"),
        ("projects.edit",),
    ),
    # -- EVALUATION + HOUSEHOLDS: rubrics and rounds are managed, scores
    # are entered by whoever records the committee's sheets; household members are case data
    **dict.fromkeys(("eval_rubrics", "eval_criteria", "eval_rounds", "eval_committee"), ("evaluation.manage",)),
    "eval_candidates": ("evaluation.manage", "evaluation.score"),  # the chair's draw is recorded with scores
    "eval_scores": ("evaluation.score",),
    "household_members": ("cases.edit",),
    "referrals": ("cases.edit",),  # the letter itself needs correspondence.edit (checked by the core)
    "meta:households.income_benchmark": ("cases.edit",),
    "meta:households.retention_years": ("cases.edit",),
    # DISPLAY: Thai or Arabic digits on the screen, one office-wide choice
    "meta:display_thai_digits": ("office.edit",),
}
# Tables only the program writes, beside the rows a user's write touched and never through the
# write path: the row seals (security/integrity.py) follow every guarded write they seal.
PROGRAM_TABLES = frozenset({"row_seals"})
# Bookkeeping any logged-in user's session writes (the automatic backup taken when anyone closes).
ANY_USER_WRITES = frozenset({"meta:last_auto_backup_at"})


@cache
def writable(role: str) -> frozenset[str]:
    """The tables (and "meta:<key>" settings) a role may write."""
    actions = PERMISSIONS.get(role, frozenset())
    return ANY_USER_WRITES | frozenset(t for t, needs in WRITE_ACTIONS.items() if actions.intersection(needs))


class HasRole(Protocol):
    @property
    def role(self) -> str: ...  # read-only: a frozen User has it too


def _check_action(action: str) -> None:
    # An unknown action is a programming error, not something the user can fix.
    if action not in ACTIONS:
        raise ValueError(f"unknown permission action: {action!r}")


def can(user: HasRole | None, action: str) -> bool:
    _check_action(action)
    if user is None or not getattr(user, "active", True):
        return False
    return action in PERMISSIONS.get(user.role, frozenset())


def refusal(user: HasRole | None, action: str) -> str:
    """The Thai refusal for `user` (None: nobody logged in) lacking `action`."""
    _check_action(action)
    if user is None:
        return f"ฐานข้อมูลนี้มีบัญชีผู้ใช้แล้ว กรุณาเข้าสู่ระบบก่อน{ACTIONS[action]}"
    if not getattr(user, "active", True):
        return f"บัญชีนี้ถูกระงับการใช้งาน จึงไม่มีสิทธิ์{ACTIONS[action]}"
    if getattr(user, "must_change_password", False):
        return f"กรุณาเปลี่ยนรหัสผ่านให้เป็นไปตามนโยบายรหัสผ่านก่อน{ACTIONS[action]}"
    role = ROLES.get(user.role, user.role)
    return f"บัญชีนี้ (บทบาท{role}) ไม่มีสิทธิ์{ACTIONS[action]}"
