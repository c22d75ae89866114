"""The desk's bundled sounds: made by scripts/make_desk_sounds.py, short, loud, distinct."""

import importlib.util
import struct
import wave
from pathlib import Path

import pytest

from moi_desktop.paths import resource_path

ROOT = Path(__file__).resolve().parents[2]
OUTCOMES = ("counted", "late", "already", "not_registered", "substitute")


def _generator():
    spec = importlib.util.spec_from_file_location("make_desk_sounds", ROOT / "scripts" / "make_desk_sounds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_wavs_are_the_generators_output(tmp_path):
    assert _generator().main([str(tmp_path)]) == 0
    for outcome in OUTCOMES:
        assert (tmp_path / f"{outcome}.wav").read_bytes() == resource_path("sounds", f"{outcome}.wav").read_bytes()


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_each_sound_is_short_and_loud(outcome):
    with wave.open(str(resource_path("sounds", f"{outcome}.wav"))) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        seconds = w.getnframes() / w.getframerate()
        samples = struct.unpack(f"<{w.getnframes()}h", w.readframes(w.getnframes()))
    assert 0.2 <= seconds <= 0.6
    assert max(abs(s) for s in samples) >= 0.85 * 32767  # about −1 dBFS


def test_the_sounds_differ_in_length_or_pitch():
    lengths = {}
    for outcome in OUTCOMES:
        with wave.open(str(resource_path("sounds", f"{outcome}.wav"))) as w:
            lengths[outcome] = w.getnframes()
    assert len({resource_path("sounds", f"{o}.wav").read_bytes() for o in OUTCOMES}) == 5
    assert len(set(lengths.values())) == 5  # even their lengths tell them apart
