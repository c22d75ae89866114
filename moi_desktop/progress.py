"""The two callbacks every long core function takes: progress and cancel (DESIGN §4).

    def export_rows(db, out, *, progress: Progress | None = None, cancelled: Cancelled | None = None):
        progress = progress or no_progress
        for i, table in enumerate(tables):
            check_cancelled(cancelled, "ยกเลิกการส่งออกแล้ว")
            progress(i, len(tables), f"กำลังอ่าน {table}")

`progress(done, total, message)` may be called as often as is useful; total 0 means "unknown".
`cancelled()` turns True once the user pressed ยกเลิก: the work then stops with a UserError that
says what was stopped, having kept nothing half done. ui/tasks.py supplies both callbacks on a
worker thread (and shows no error for a task the user cancelled); the CLI passes neither.
"""

from collections.abc import Callable

from moi_desktop.errors import UserError

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


def no_progress(done: int, total: int, message: str = "") -> None:
    """A Progress that reports to no one."""


def never_cancelled() -> bool:
    return False


def check_cancelled(cancelled: Cancelled | None, message: str) -> None:
    """Stop with UserError(message) once the user has asked to (no callback: never)."""
    if cancelled is not None and cancelled():
        raise UserError(message)
