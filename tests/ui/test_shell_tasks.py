"""TaskRunner: worker connection, results on the main thread, one way of reporting errors, cancel."""

import logging
import threading
import time

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from moi_desktop.db.rows import create_sync_table, insert_row
from moi_desktop.errors import UserError
from ui.tasks import TaskRunner


def message_boxes():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def count_provinces(db, prefix, *, progress, cancelled):
    rows = db.execute("SELECT name_th FROM provinces WHERE name_th LIKE ?", [prefix + "%"]).fetchall()
    for i, _ in enumerate(rows, 1):
        progress(i, len(rows), f"จังหวัดที่ {i}")
    return len(rows), threading.get_ident(), id(db)


@pytest.fixture
def sync_runner(db_path, office_db):
    return TaskRunner(db_path, sync=True)


def test_sync_task_gets_its_own_connection_and_delivers_the_result(sync_runner, office_db):
    results = []
    task = sync_runner.run(count_provinces, "เชียง", title="นับจังหวัด", on_done=results.append)
    (count, thread, db_id), = results
    assert count == 2  # เชียงใหม่, เชียงราย
    assert db_id != id(office_db)
    assert thread == threading.get_ident()
    assert task.done and task.result == results[0] and task.error is None
    assert task.last_progress == (2, 2, "จังหวัดที่ 2")
    assert sync_runner.active_tasks() == []


def test_user_error_is_shown_as_plain_thai_message(sync_runner):
    done, errors = [], []

    def fails(db, *, progress, cancelled):
        raise UserError("ไฟล์นี้ไม่ใช่ไฟล์รายชื่อ")

    task = sync_runner.run(fails, title="นำเข้า", on_done=done.append, on_error=errors.append)
    assert done == [] and isinstance(errors[0], UserError) and task.error is errors[0]
    (box,) = message_boxes()
    assert box.text() == "ไฟล์นี้ไม่ใช่ไฟล์รายชื่อ"
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.detailedText() == ""


def test_bug_is_logged_with_traceback_and_shown_with_details(sync_runner, caplog):
    def broken(db, *, progress, cancelled):
        return 1 / 0

    with caplog.at_level(logging.ERROR):
        task = sync_runner.run(broken, title="งาน", on_done=pytest.fail)
    assert isinstance(task.error, ZeroDivisionError)
    (box,) = message_boxes()
    assert box.windowTitle() == "เกิดข้อผิดพลาด"
    assert box.icon() == QMessageBox.Icon.Critical
    assert "ZeroDivisionError" in box.detailedText() and "broken" in box.detailedText()
    (record,) = [r for r in caplog.records if r.exc_info]
    assert record.exc_info[0] is ZeroDivisionError


def test_bug_in_on_done_is_reported_too(sync_runner):
    def on_done(_result):
        raise KeyError("callback")

    task = sync_runner.run(lambda db, *, progress, cancelled: 1, title="งาน", on_done=on_done)
    assert task.done
    (box,) = message_boxes()
    assert "KeyError" in box.detailedText()


def test_without_db_the_function_gets_only_its_arguments(sync_runner):
    results = []
    sync_runner.run(lambda a, b, *, progress, cancelled: a + b, 2, 3, title="บวก", with_db=False,
                    on_done=results.append)
    assert results == [5]


def test_tables_written_by_a_task_reach_data_changed(qtbot, make_ctx, office_db):
    create_sync_table(office_db, "shell_notes", {"text": str})
    ctx = make_ctx(office_db, sync=True)

    def write(db, *, progress, cancelled):
        insert_row(db, "shell_notes", {"text": "บันทึก"})

    with qtbot.waitSignal(ctx.data_changed, check_params_cb=lambda t: t == "shell_notes"):
        ctx.tasks.run(write, title="เขียน")
    assert ctx.db.execute("SELECT text FROM shell_notes").fetchall() == [("บันทึก",)]


def test_async_task_runs_on_a_worker_and_delivers_on_the_main_thread(qtbot, db_path, office_db):
    runner = TaskRunner(db_path)
    seen = {}

    def on_done(result):
        seen["result"] = result
        seen["main"] = QThread.currentThread() is QApplication.instance().thread()

    progress = []
    task = runner.run(count_provinces, "นคร", title="นับ", on_done=on_done)
    task.progressed.connect(lambda d, t, m: progress.append((d, t)))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    count, thread, _ = seen["result"]
    assert count >= 5 and thread != threading.get_ident()
    assert seen["main"] is True
    assert progress[-1] == (count, count)
    assert runner.shutdown(1000)


def test_async_user_error_is_reported_once(qtbot, db_path, office_db):
    runner = TaskRunner(db_path)
    errors = []

    def fails(db, *, progress, cancelled):
        raise UserError("รหัสผ่านไม่ถูกต้อง")

    task = runner.run(fails, title="เปิดไฟล์", on_error=errors.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert [b.text() for b in message_boxes()] == ["รหัสผ่านไม่ถูกต้อง"]
    assert len(errors) == 1


def slow_until_cancelled(db, *, progress, cancelled):
    for i in range(500):
        if cancelled():
            raise UserError("ยกเลิกแล้ว")
        progress(i, 500, f"แถวที่ {i}")
        time.sleep(0.01)
    return "finished"


def test_progress_dialog_appears_late_and_cancel_stops_the_task(qtbot, db_path, office_db):
    runner = TaskRunner(db_path, delay_ms=100)
    outcome = []
    task = runner.run(slow_until_cancelled, title="นำเข้าข้อมูล", on_done=outcome.append,
                      on_cancelled=lambda: outcome.append("cancelled"))
    assert runner.progress_dialog(task) is None  # not before the delay
    qtbot.waitUntil(lambda: runner.progress_dialog(task) is not None and runner.progress_dialog(task).isVisible(),
                    timeout=3000)
    dialog = runner.progress_dialog(task)
    assert isinstance(dialog, QProgressDialog)
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=3000)
    assert dialog.maximum() == 500 and "แถวที่" in dialog.labelText()
    with qtbot.waitSignal(task.finished, timeout=5000):
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert outcome == ["cancelled"]
    assert message_boxes() == []  # the UserError it raised to stop is not shown: the user asked
    assert runner.progress_dialog(task) is None and not dialog.isVisible()


def test_quick_task_never_shows_a_dialog(qtbot, db_path, office_db):
    runner = TaskRunner(db_path, delay_ms=150)
    task = runner.run(count_provinces, "ก", title="เร็ว")
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    qtbot.wait(250)
    assert runner.progress_dialog(task) is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_shutdown_cancels_running_tasks(qtbot, db_path, office_db):
    runner = TaskRunner(db_path)
    task = runner.run(slow_until_cancelled, title="ยาว")
    qtbot.waitUntil(lambda: task.last_progress[0] > 0, timeout=3000)
    started = time.monotonic()
    assert runner.shutdown(5000)
    assert time.monotonic() - started < 2
    assert task.is_cancelled()
    qtbot.waitUntil(lambda: task.done, timeout=3000)


def test_progress_reaches_listeners_in_order_and_before_finished_while_the_dialog_shows(qtbot, db_path, office_db):
    """A window-modal QProgressDialog runs the event loop inside setValue: the task's later signals
    must still reach every listener in the order the worker sent them, the last progress first."""
    runner = TaskRunner(db_path, delay_ms=0)
    dialog_up = threading.Event()

    def burst(*, progress, cancelled):
        assert dialog_up.wait(5)
        for i in range(1, 41):
            progress(i, 40, f"ขั้นที่ {i}")
        return "done"

    heard = []
    task = runner.run(burst, title="ทีละขั้น", with_db=False)
    task.progressed.connect(lambda d, t, m: heard.append(d))
    task.finished.connect(lambda: heard.append("finished"))
    qtbot.waitUntil(lambda: runner.progress_dialog(task) is not None, timeout=3000)
    with qtbot.waitSignal(task.finished, timeout=5000):
        dialog_up.set()
    assert heard == [*range(1, 41), "finished"]
    assert task.result == "done" and task.last_progress == (40, 40, "ขั้นที่ 40")
