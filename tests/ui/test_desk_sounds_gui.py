"""The desk's sound settings (per PC) and the player's fallback when QtMultimedia cannot load."""

import sys

from ui.pages.settings import SettingsPage
from ui.sounds import DeskSounds, QtPlayer, is_muted, sound_path


def test_settings_mutes_the_desk_on_this_pc_and_plays_each_sound(ctx, qtbot, desk_speaker):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert not page.desk_mute.isChecked() and not is_muted(ctx.settings)
    page.sound_buttons["already"].click()
    assert desk_speaker == [sound_path("already")]
    page.desk_mute.setChecked(True)
    assert is_muted(ctx.settings)
    page.sound_buttons["late"].click()
    assert desk_speaker == [sound_path("already")]  # muted: nothing reaches the speaker
    again = SettingsPage(ctx)  # the choice is remembered
    qtbot.addWidget(again)
    assert again.desk_mute.isChecked()


def test_without_qtmultimedia_the_desk_stays_silent_and_working(ctx, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # as on a PC without libpulse
    player = QtPlayer()
    player(sound_path("counted"))
    player(sound_path("late"))
    assert [r.message for r in caplog.records].count(
        next(r.message for r in caplog.records if "QtMultimedia" in r.message)) == 1  # said once
    monkeypatch.setattr(DeskSounds, "player_factory", QtPlayer)
    sounds = DeskSounds(ctx.settings)
    assert sounds.play("substitute") and sounds.requested == ["substitute"]


def test_on_windows_without_qtmultimedia_winsound_plays_the_wav(monkeypatch):
    import types

    from ui import sounds

    calls = []
    fake = types.SimpleNamespace(SND_FILENAME=0x20000, SND_ASYNC=1, SND_NODEFAULT=2,
                                 PlaySound=lambda name, flags: calls.append((name, flags)))
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setitem(sys.modules, "winsound", fake)
    monkeypatch.setattr(sounds.sys, "platform", "win32")
    player = QtPlayer()
    player(sound_path("late"))
    player(sound_path("already"))
    assert calls == [(str(sound_path("late")), 0x20003), (str(sound_path("already")), 0x20003)]


def test_the_desk_preloads_every_sound_unless_muted(ctx, qtbot, monkeypatch):
    from tests.attendance_support import setup_course
    from ui.sounds import OUTCOMES, set_muted
    from ui.widgets.attendance_desk import AttendanceDesk

    class Recorder:
        preloaded: list = []

        def preload(self, paths):
            Recorder.preloaded.append(list(paths))

        def __call__(self, path):
            pass

    monkeypatch.setattr(DeskSounds, "player_factory", Recorder)
    _, sessions, _ = setup_course(ctx.db, 1)
    desk = AttendanceDesk(ctx, sessions[0]["id"])
    qtbot.addWidget(desk)
    assert Recorder.preloaded == [[sound_path(o) for o in OUTCOMES]]
    set_muted(ctx.settings, True)
    muted = AttendanceDesk(ctx, sessions[0]["id"])
    qtbot.addWidget(muted)
    assert len(Recorder.preloaded) == 1
