"""Roles and what each may do: a static map, checked by `can` / `require`.

administrator: office settings, users, restore — and everything else; clerk: all data;
trainer: trainings and the attendance desk only; viewer: read and report.
"""

from typing import Protocol

from moi_desktop.errors import UserError

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
    # AT-REST (encryption at rest and tamper evidence)
    "security.recovery_key": "แสดงรหัสกู้คืนกุญแจเข้ารหัสฐานข้อมูล",
}

_ADMIN_ONLY = {"office.edit", "users.manage", "backup.restore", "audit.view", "security.recovery_key"}
_VIEW = {"members.view", "trainings.view", "projects.view", "cases.view", "reports.view"}

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(ACTIONS),
    "clerk": frozenset(set(ACTIONS) - _ADMIN_ONLY),
    "trainer": frozenset({"trainings.view", "trainings.manage", "attendance.mark", "members.view"}),
    "viewer": frozenset(_VIEW),
}


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


def require(user: HasRole | None, action: str) -> None:
    """Raise a Thai UserError unless `user` may perform `action`."""
    if can(user, action):
        return
    if user is None:
        raise UserError(f"กรุณาเข้าสู่ระบบก่อน{ACTIONS[action]}")
    role = ROLES.get(user.role, user.role)
    raise UserError(f"บัญชีนี้ (บทบาท{role}) ไม่มีสิทธิ์{ACTIONS[action]}")
