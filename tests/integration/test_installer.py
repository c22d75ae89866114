"""installer.spec builds a onedir app that starts, builds a demo database and shows its window."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
APP = "MOIDistrictDesk"

pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (uv sync --group dev installs it)")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("installer")
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "installer.spec", "--noconfirm",
         "--distpath", str(out / "dist"), "--workpath", str(out / "build")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return out / "dist" / APP


def _bundled(app: Path) -> list[str]:
    return [p.relative_to(app).as_posix().lower() for p in app.rglob("*")]


@pytest.mark.slow
def test_built_app_smoke_runs_on_a_demo_database(built, tmp_path):
    exe = built / (APP + ".exe" if os.name == "nt" else APP)
    assert exe.is_file()
    data = tmp_path / "appdata"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MOI_DESKTOP_DATA_DIR=str(data))
    done = subprocess.run([str(exe), "--demo", "--smoke"], env=env, capture_output=True, text=True, timeout=120)
    log = data / "logs" / "moi_desktop.log"
    assert done.returncode == 0, (done.stderr[-3000:], log.read_text(encoding="utf-8")[-3000:] if log.exists() else "")
    assert (data / "demo.sqlite3").is_file()
    assert "document self-check" in log.read_text(encoding="utf-8")  # Thai segmented and shaped


@pytest.mark.slow
def test_bundle_holds_resources_and_leaves_out_excluded_qt_parts(built):
    files = _bundled(built)
    internal = "_internal/"
    for needed in ("resources/reference/subdistricts.csv", "resources/fonts/sarabun-regular.ttf",
                   "resources/reference/office_words.txt", "pythainlp/corpus/words_th.txt",
                   "pythainlp/corpus/tnc_freq.txt", "resources/manual/manual.md",
                   "resources/manual/manual.pdf", "resources/manual/manual.json"):
        assert internal + needed in files, needed
    assert any("uharfbuzz" in f for f in files)
    # pythainlp's models are not bundled: segmentation needs only its word list and word counts
    for unused in ("wikipedia_titles_th.txt", "wordnet_th.db", "thai2rom_decoder.onnx"):
        assert not [f for f in files if f.endswith(unused)], unused
    for unwanted in ("translations/", "virtualkeyboard", "qt6qml", "qt6quick", "wayland", "opengl32sw"):
        assert not [f for f in files if unwanted in f], unwanted
