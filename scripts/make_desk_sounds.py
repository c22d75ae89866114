"""Make the attendance desk's sounds: resources/sounds/<outcome>.wav.

One short, loud, distinct sound per desk outcome, so a trainer in a queue knows what happened
without reading the screen:

    counted         two quick rising notes (E6 → A6): "ding-ding", bright
    late            one longer mid note (A5) with a falling tail: a gentler "dong"
    already         two identical low notes (E5, E5): "bup-bup", a repeat
    not_registered  a harsh low buzz (two close square waves, 196 + 208 Hz), falling: "errr"
    substitute      three notes up (C6 → E6 → G6): an arpeggio

16-bit mono PCM at 22,050 Hz, peaks at −1 dBFS, each under 0.6 s; a 5 ms fade in and out on
every note so nothing clicks. Deterministic: running it again writes the same bytes.

    uv run python scripts/make_desk_sounds.py [OUT_DIR]
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from collections.abc import Callable
from pathlib import Path

RATE = 22_050
PEAK = 0.89  # −1 dBFS: loud, without clipping
FADE = 0.005  # seconds


def _sine(freq: float) -> Callable[[float], float]:
    # a little of the octave makes a small PC speaker carry the note
    return lambda t: 0.8 * math.sin(2 * math.pi * freq * t) + 0.2 * math.sin(4 * math.pi * freq * t)


def _square(freq: float) -> Callable[[float], float]:
    return lambda t: 1.0 if math.sin(2 * math.pi * freq * t) >= 0 else -1.0


def _note(wave_fn: Callable[[float], float], seconds: float, *, decay: float = 0.0,
          glide: float = 0.0) -> list[float]:
    """One note: `decay` is the share of loudness lost by its end, `glide` a pitch fall (0–1)."""
    n = int(seconds * RATE)
    fade = int(FADE * RATE)
    out = []
    for i in range(n):
        t = i / RATE
        bend = 1.0 - glide * (i / n)  # time runs slower as the pitch falls
        envelope = 1.0 - decay * (i / n)
        envelope *= min(1.0, i / fade, (n - 1 - i) / fade) if fade else 1.0
        out.append(wave_fn(t * bend) * envelope)
    return out


def _gap(seconds: float) -> list[float]:
    return [0.0] * int(seconds * RATE)


def _buzz(seconds: float) -> list[float]:
    a, b = _square(196.0), _square(208.0)
    return _note(lambda t: 0.5 * (a(t) + b(t)), seconds, decay=0.3, glide=0.15)


SOUNDS: dict[str, Callable[[], list[float]]] = {
    "counted": lambda: _note(_sine(1318.5), 0.09) + _gap(0.03) + _note(_sine(1760.0), 0.16, decay=0.6),
    "late": lambda: _note(_sine(880.0), 0.42, decay=0.8, glide=0.08),
    "already": lambda: _note(_sine(659.3), 0.11) + _gap(0.07) + _note(_sine(659.3), 0.11),
    "not_registered": lambda: _buzz(0.5),
    "substitute": lambda: (_note(_sine(1046.5), 0.1) + _gap(0.02) + _note(_sine(1318.5), 0.1) + _gap(0.02)
                           + _note(_sine(1568.0), 0.2, decay=0.6)),
}


def write_wav(path: Path, samples: list[float]) -> None:
    top = max(abs(s) for s in samples) or 1.0
    frames = b"".join(struct.pack("<h", round(s / top * PEAK * 32767)) for s in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "resources" / "sounds"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, make in SOUNDS.items():
        path = out_dir / f"{name}.wav"
        write_wav(path, make())
        print(f"{path} {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
