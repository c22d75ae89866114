"""Percentages that add up: largest-remainder rounding (Hamilton's method).

Rounding each share on its own can total 99 or 101 (27, 24, 16, 5, 4 of 76 round to 36, 32, 21,
7, 5 = 101). Here every share is first rounded down, then the units still missing go to the
shares that lost most, earliest first on a tie — exact integer arithmetic, no float surprises.
"""

from __future__ import annotations

from collections.abc import Sequence


def largest_remainder(counts: Sequence[int], *, decimals: int = 0) -> list[float | int]:
    """Percentages of `counts` (shares of their sum) that sum to exactly 100.

    With decimals=0 the results are ints; otherwise floats with that many decimals. An empty or
    all-zero input gives zeros."""
    if any(c < 0 for c in counts):
        raise ValueError("counts must not be negative")
    whole = sum(counts)
    scale = 10**decimals
    if whole <= 0:
        return [0 if decimals == 0 else 0.0 for _ in counts]
    target = 100 * scale
    exact = [c * target for c in counts]  # shares in units of 1/scale percent, times `whole`
    floors = [e // whole for e in exact]
    remainders = [e % whole for e in exact]
    missing = target - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], i))
    for i in order[:missing]:
        floors[i] += 1
    if decimals == 0:
        return [int(f) for f in floors]
    return [round(f / scale, decimals) for f in floors]
