"""Cold start, each a fresh process, against a peer measured in the same run:

- the main window, usable (built, shown, painted) from `main.py --demo` with the demo database
  already built, vs a bare QMainWindow shown the same way (goal ≤ 3×). Each is timed from the
  start of its process to the line it prints once painted (`--exit-when-shown` prints it, then
  quits): what comes after — the program's backup on closing — is not start-up. The time to the
  process's exit is recorded too;
- `python -m moi_desktop --help`, and the GUI's `moi-desktop --help` (main.py's main(), as the
  installed entry point runs it), vs `sqlite-utils --help`, a peer CLI in the same environment
  (goal ≤ 0.5×).

Processes run with bytecode caching on (as an installed program does: the frozen build carries its
bytecode), after one warm-up run each; the runs take turns, best against best.
(run: uv run pytest tests/benchmarks/test_bench_startup.py -p no:cacheprovider --benchmark-only -s)
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ui.app import SHOWN_MARKER

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ROUNDS = 7
# The goals of issue 18, asserted (measured 2026-12-05: window 2.8x, --help 0.3x; before 5.9x and 1.2x).
WINDOW_GOAL, HELP_GOAL = 3.0, 0.5

BARE_WINDOW = f"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 800)
window.show()
window.repaint()
print({SHOWN_MARKER!r}, flush=True)
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def _env(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MOI_DESKTOP_DATA_DIR=str(tmp_path / "data"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(cmd, env) -> tuple[float, float | None]:
    """(seconds to the process's exit, seconds to its SHOWN_MARKER line or None)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors)
        assert proc.stdout is not None
        shown = None
        for line in proc.stdout:
            if shown is None and line.decode("utf-8", "replace").strip() == SHOWN_MARKER:
                shown = time.perf_counter() - start
        code = proc.wait(timeout=300)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        assert code == 0, errors.read().decode("utf-8", "replace")[-2000:]
    return elapsed, shown


def _race(ours, peer, env) -> dict[str, tuple[float, float | None]]:
    """Best (exit, marker) times of each, the runs taking turns after one warm-up run each
    (bytecode written, demo database built)."""
    _run(ours, env), _run(peer, env)
    runs: tuple[list, list] = ([], [])
    for _ in range(ROUNDS):
        runs[0].append(_run(ours, env))
        runs[1].append(_run(peer, env))

    def best(times):
        shown = [s for _, s in times if s is not None]
        return min(e for e, _ in times), (min(shown) if len(shown) == len(times) else None)

    return {"ours": best(runs[0]), "peer": best(runs[1])}


def _record(benchmark, name, ours, peer, goal, **extra) -> float:
    ratio = ours / peer
    benchmark.extra_info.update(ours_s=round(ours, 3), peer_s=round(peer, 3), ratio=round(ratio, 2), goal=goal, **extra)
    print(f"\n{name}: {ours:.2f} s vs {peer:.2f} s, ratio {ratio:.2f}x (goal {goal}x)")
    benchmark.pedantic(lambda: None, rounds=1)
    return ratio


def test_cold_start_to_usable_window(benchmark, tmp_path):
    env = _env(tmp_path)
    race = _race([sys.executable, "main.py", "--demo", "--exit-when-shown"], [sys.executable, "-c", BARE_WINDOW], env)
    (ours_exit, ours), (bare_exit, bare) = race["ours"], race["peer"]
    assert ours is not None and bare is not None, f"a run never printed {SHOWN_MARKER!r}"
    print(f"\n  to the process's exit (our backup on closing included): {ours_exit:.2f} s vs {bare_exit:.2f} s, "
          f"ratio {ours_exit / bare_exit:.2f}x")
    ratio = _record(benchmark, "cold start to usable window", ours, bare, WINDOW_GOAL,
                    ours_exit_s=round(ours_exit, 3), bare_exit_s=round(bare_exit, 3))
    assert ratio <= WINDOW_GOAL


HELP_PEER = [str(BIN / "sqlite-utils"), "--help"]


def test_cli_help_vs_sqlite_utils_help(benchmark, tmp_path):
    env = _env(tmp_path)
    race = _race([sys.executable, "-m", "moi_desktop", "--help"], HELP_PEER, env)
    ours, peer = race["ours"][0], race["peer"][0]
    assert _record(benchmark, "CLI --help", ours, peer, HELP_GOAL) <= HELP_GOAL


def test_gui_help_vs_sqlite_utils_help(benchmark, tmp_path):
    env = _env(tmp_path)
    race = _race([sys.executable, "-c", "from main import main; main()", "--help"], HELP_PEER, env)
    ours, peer = race["ours"][0], race["peer"][0]
    assert _record(benchmark, "moi-desktop --help", ours, peer, HELP_GOAL) <= HELP_GOAL
