"""The case status machine: where a case may go from where it is, and what counts as open.

    รับเรื่อง → กำลังดำเนินการ → ช่วยเหลือแล้ว / แก้ไขได้ด้วยตนเอง / ส่งต่อหน่วยงาน

A household may solve the problem itself, or the case may belong to another agency, before any
work starts, so รับเรื่อง may also go straight to แก้ไขได้ด้วยตนเอง or ส่งต่อหน่วยงาน; "helped"
needs the work first. A closed case can be reopened (back to กำลังดำเนินการ) when the problem
returns — the log keeps the whole history.
"""

from moi_desktop.errors import UserError

RECEIVED = "received"
IN_PROGRESS = "in_progress"
HELPED = "helped"
SELF_RESOLVED = "self_resolved"
REFERRED = "referred"

STATUSES: dict[str, str] = {
    RECEIVED: "รับเรื่อง",
    IN_PROGRESS: "กำลังดำเนินการ",
    HELPED: "ช่วยเหลือแล้ว",
    SELF_RESOLVED: "แก้ไขได้ด้วยตนเอง",
    REFERRED: "ส่งต่อหน่วยงาน",
}

OPEN_STATUSES = (RECEIVED, IN_PROGRESS)
CLOSED_STATUSES = (HELPED, SELF_RESOLVED, REFERRED)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    RECEIVED: (IN_PROGRESS, SELF_RESOLVED, REFERRED),
    IN_PROGRESS: (HELPED, SELF_RESOLVED, REFERRED),
    HELPED: (IN_PROGRESS,),
    SELF_RESOLVED: (IN_PROGRESS,),
    REFERRED: (IN_PROGRESS,),
}


def status_label(code: str | None) -> str:
    return STATUSES.get(code or "", code or "")


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def next_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def check_transition(current: str, target: str) -> None:
    """Raise a Thai UserError unless a case in `current` may move to `target`."""
    if target not in STATUSES:
        raise UserError(f"ไม่รู้จักสถานะ “{target}”", field="status")
    if target == current:
        raise UserError(f"เรื่องนี้อยู่ในสถานะ “{status_label(current)}” อยู่แล้ว", field="status")
    allowed = next_statuses(current)
    if target not in allowed:
        choices = " หรือ ".join(f"“{status_label(s)}”" for s in allowed)
        raise UserError(
            f"เปลี่ยนสถานะจาก “{status_label(current)}” เป็น “{status_label(target)}” ไม่ได้ — "
            f"เปลี่ยนได้เป็น {choices}",
            field="status",
        )


def status_code(text: str) -> str | None:
    """Status code for a code or its Thai label (imports, CLI); None when unknown."""
    key = (text or "").strip()
    if key in STATUSES:
        return key
    for code, label in STATUSES.items():
        if key == label or key.replace(" ", "") == label:
            return code
    return None
