"""The progress and cancel callbacks long core work takes."""

import pytest

from moi_desktop.errors import UserError
from moi_desktop.progress import check_cancelled, never_cancelled, no_progress


def test_check_cancelled_stops_only_once_asked():
    asked = []
    check_cancelled(None, "ยกเลิกแล้ว")  # no callback: the CLI, never cancelled
    check_cancelled(lambda: bool(asked), "ยกเลิกแล้ว")
    asked.append(True)
    with pytest.raises(UserError) as caught:
        check_cancelled(lambda: bool(asked), "ยกเลิกการส่งออกแล้ว")
    assert caught.value.message == "ยกเลิกการส่งออกแล้ว"


def test_the_stand_ins_report_nothing_and_never_cancel():
    assert no_progress(1, 2, "x") is None and no_progress(0, 0) is None
    assert never_cancelled() is False
