"""The attendance desk's sounds: one short, loud, distinct WAV per outcome.

The WAVs live in resources/sounds/ (made by scripts/make_desk_sounds.py) and play through
QtMultimedia's QSoundEffect (in pyside6-addons, already a dependency: nothing is added). Muting is
a per-PC choice kept in QSettings (MUTE_KEY), set on the Settings page; it is read at each sound,
so the choice applies to a desk already open.

QtMultimedia is imported on the first sound only. Where it cannot load (on Linux it needs the
system's libpulse; a bundle built without it) Windows plays the same WAV through the standard
library's winsound (asynchronous, no dependency); elsewhere the desk logs that once and stays
silent — the colours still tell the outcome. Tests replace `DeskSounds.player_factory` and check
which sound was requested, never the speaker.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QSettings

from moi_desktop.paths import resource_path

log = logging.getLogger(__name__)

COUNTED, LATE, ALREADY, NOT_REGISTERED, SUBSTITUTE = "counted", "late", "already", "not_registered", "substitute"
OUTCOMES = (COUNTED, LATE, ALREADY, NOT_REGISTERED, SUBSTITUTE)
OUTCOME_LABELS = {
    COUNTED: "ลงเวลาแล้ว (นับ)",
    LATE: "มาสาย",
    ALREADY: "สแกนซ้ำ",
    NOT_REGISTERED: "ไม่มีชื่อ / รหัสผิด",
    SUBSTITUTE: "มาแทน",
}
MUTE_KEY = "desk/sound_muted"

Player = Callable[[Path], None]


def sound_path(outcome: str) -> Path:
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    return resource_path("sounds", f"{outcome}.wav")


def is_muted(settings: QSettings) -> bool:
    value = settings.value(MUTE_KEY, False)
    return value in (True, "true", "1", 1)


def set_muted(settings: QSettings, muted: bool) -> None:
    settings.setValue(MUTE_KEY, bool(muted))
    settings.sync()


class QtPlayer:
    """Plays a WAV through QSoundEffect; one effect per file, made on its first use."""

    def __init__(self) -> None:
        self._effects: dict[Path, Any] = {}
        self._available: bool | None = None
        self._fallback: Player | None = None

    def preload(self, paths: list[Path]) -> None:
        """Load the effects before the first scan, so the first sound is not late."""
        for path in paths:
            self._effect(path)

    def _effect(self, path: Path) -> Any:
        if self._fallback is not None or self._available is False:
            return None
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:
            return None  # __call__ says why, once, and falls back
        effect = self._effects.get(path)
        if effect is None:
            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(1.0)
            self._effects[path] = effect
        return effect

    def __call__(self, path: Path) -> None:
        if self._fallback is not None:
            self._fallback(path)
            return
        if self._available is False:
            return
        try:
            importlib.import_module("PySide6.QtMultimedia")
        except ImportError as exc:  # e.g. Linux without libpulse: winsound on Windows, else silent
            self._fallback = _winsound_player()
            if self._fallback is not None:
                log.info("desk sounds through winsound: QtMultimedia cannot load (%s)", exc)
                self._fallback(path)
                return
            self._available = False
            log.warning("desk sounds are off: QtMultimedia cannot load (%s)", exc)
            return
        self._available = True
        effect = self._effect(path)
        if effect is None:
            return
        effect.stop()  # a queue scans faster than a sound lasts: the newest outcome wins
        effect.play()


def _winsound_player() -> Player | None:
    """Windows' own WAV player from the standard library, or None elsewhere."""
    if sys.platform != "win32":
        return None
    winsound: Any = importlib.import_module("winsound")
    flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT

    def play(path: Path) -> None:
        winsound.PlaySound(str(path), flags)  # async: a newer sound cuts the one playing
    return play


class DeskSounds:
    """Requests the outcome's sound unless this PC muted the desk. `requested` lists every
    outcome asked for (newest last), muted or not; `played` those handed to the player."""

    player_factory: ClassVar[Callable[[], Player]] = QtPlayer

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings
        self.requested: list[str] = []
        self.played: list[str] = []
        self._player: Player | None = None

    @property
    def muted(self) -> bool:
        return is_muted(self.settings)

    def preload(self) -> None:
        """Make the player and let it load every outcome's sound now (unless muted)."""
        if self.muted:
            return
        if self._player is None:
            self._player = type(self).player_factory()
        preload = getattr(self._player, "preload", None)
        if callable(preload):
            try:
                preload([sound_path(o) for o in OUTCOMES])
            except Exception:  # a sound must never stop the desk
                log.exception("could not load the desk's sounds")

    def play(self, outcome: str) -> bool:
        path = sound_path(outcome)
        self.requested.append(outcome)
        if self.muted:
            return False
        if self._player is None:
            self._player = type(self).player_factory()
        self.played.append(outcome)
        try:
            self._player(path)
        except Exception:  # a sound must never stop the desk
            log.exception("could not play %s", path)
        return True
