"""installer/moi_desktop.nsi compiles (warnings are errors) over a small fake onedir tree, and the
compiled script keeps its rules: per-user install beside, never into, the data folder; Thai and
English Start-menu shortcuts; an Add/Remove Programs entry; an uninstaller that removes only what
was installed and leaves the office's data. The real install/uninstall runs on Windows in
.github/workflows/windows-installer.yml."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from moi_desktop import __version__
from moi_desktop.paths import APP_DIR_NAME

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "installer" / "moi_desktop.nsi"
MAKENSIS = shutil.which("makensis")
UNINSTALL_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall" "\\" + APP_DIR_NAME
DATA_DIR = "$LOCALAPPDATA\\" + APP_DIR_NAME

needs_makensis = pytest.mark.skipif(MAKENSIS is None,
                                    reason="makensis is not installed (Debian/Ubuntu: apt-get install nsis)")


def _fake_dist(root: Path) -> Path:
    """The shape of PyInstaller's onedir output, a few bytes per file."""
    app = root / APP_DIR_NAME
    for rel in (f"{APP_DIR_NAME}.exe", "_internal/python312.dll", "_internal/resources/fonts/Sarabun-Regular.ttf",
                "_internal/resources/reference/ตำบล.csv"):
        path = app / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"MZ" + rel.encode())
    return app


def _compile(tmp_path: Path, dist: Path, *defines: str) -> subprocess.CompletedProcess:
    out = tmp_path / f"{APP_DIR_NAME}-{__version__}-setup.exe"
    return subprocess.run(
        [MAKENSIS, "-V4", "-WX", "-INPUTCHARSET", "UTF8", f"-DVERSION={__version__}",
         f"-DDIST={dist}", f"-DOUTFILE={out}", *defines, str(SCRIPT)],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300,
    )


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> tuple[str, Path]:
    tmp = tmp_path_factory.mktemp("nsis")
    done = _compile(tmp, _fake_dist(tmp / "dist"))
    assert done.returncode == 0, (done.stdout[-4000:], done.stderr[-2000:])
    return done.stdout, tmp / f"{APP_DIR_NAME}-{__version__}-setup.exe"


def _section(log: str, name: str) -> str:
    start = log.index(f'Section: "{name}"')
    return log[start:log.index("SectionEnd", start)]


@needs_makensis
def test_compiles_without_warnings_into_a_windows_executable(compiled):
    log, setup = compiled
    assert setup.read_bytes()[:2] == b"MZ"
    assert "Unicode: true" in log  # Thai shortcut, folder and file names


@needs_makensis
def test_installs_every_file_of_the_onedir_tree(compiled):
    log, _ = compiled
    installed = set(re.findall(r'^File: "([^"]+)" \d+ bytes', log, re.MULTILINE))
    assert installed == {f"{APP_DIR_NAME}.exe", "python312.dll", "Sarabun-Regular.ttf", "ตำบล.csv"}
    assert 'WriteUninstaller: "$INSTDIR\\Uninstall.exe"' in log


@needs_makensis
def test_per_user_install_into_programs_never_into_the_data_folder(compiled):
    log, setup = compiled
    assert f'InstallDir: "$LOCALAPPDATA\\Programs\\{APP_DIR_NAME}"' in log
    # RequestExecutionLevel user: the manifest asks for no administrator rights (no UAC prompt).
    assert b'requestedExecutionLevel level="asInvoker"' in setup.read_bytes()
    assert "HKLM" not in log  # per-user: nothing machine-wide
    # The data folder (or a folder inside or around it) is refused as install dir, on leaving the
    # directory page and in a silent install's /D= alike.
    assert '"MUI_PAGE_CUSTOMFUNCTION_LEAVE"="DirectoryLeave"\n!insertmacro: MUI_PAGE_DIRECTORY' in log
    assert 'Function: "DirectoryLeave"\nCall "RefuseDataDir"' in log  # (-WX: an unused function fails)
    assert 'Call "RefuseDataDir"' in _section(log, "MOI District Desk")


@needs_makensis
def test_thai_and_english_start_menu_shortcuts(compiled):
    log, _ = compiled
    for name in ("โปรแกรมอำเภอนำร่อง", "MOI District Desk"):
        assert f'CreateShortcut: "$SMPROGRAMS\\{name}.lnk"->"$INSTDIR\\{APP_DIR_NAME}.exe"' in log, name
        assert f'Delete: "$SMPROGRAMS\\{name}.lnk"' in _section(log, "Uninstall"), name


@needs_makensis
def test_registered_in_add_remove_programs_and_unregistered_on_uninstall(compiled):
    log, _ = compiled
    install = _section(log, "MOI District Desk")
    for value in ("DisplayName=โปรแกรมอำเภอนำร่อง (MOI District Desk)", f"DisplayVersion={__version__}",
                  'UninstallString="$INSTDIR\\Uninstall.exe"', 'QuietUninstallString="$INSTDIR\\Uninstall.exe" /S',
                  "InstallLocation=$INSTDIR"):
        assert f"WriteRegStr: {UNINSTALL_KEY}\\{value}" in install, value
    assert f"DeleteRegKey: {UNINSTALL_KEY}" in _section(log, "Uninstall")


@needs_makensis
def test_uninstall_removes_only_what_it_installed_and_keeps_the_data(compiled):
    log, _ = compiled
    uninstall = _section(log, "Uninstall")
    removed = re.findall(r'^(Delete|RMDir): (/r )?"([^"]+)"', uninstall, re.MULTILINE)
    assert ("RMDir", "/r ", "$INSTDIR\\_internal") in removed
    assert ("RMDir", "", "$INSTDIR") in removed  # only if empty: never a recursive delete of the folder
    assert ("RMDir", "/r ", "$INSTDIR") not in removed
    assert not [path for _, _, path in removed if "$LOCALAPPDATA" in path or path.startswith(DATA_DIR)]
    assert 'Call "un.RefuseDataDir"' in uninstall  # an install dir that is the data folder is refused


def test_data_folder_name_matches_the_programs_data_dir():
    # The script's DATA_DIR (kept on uninstall, refused as install dir) is the one paths.py uses.
    text = SCRIPT.read_text(encoding="utf-8")
    assert f'!define APP_ID "{APP_DIR_NAME}"' in text
    assert '!define DATA_DIR "$LOCALAPPDATA\\${APP_ID}"' in text
    assert text.splitlines()[0].startswith(";") and "\nUnicode true\n" in text


@needs_makensis
def test_missing_build_or_version_fails_the_compile(tmp_path):
    missing = _compile(tmp_path, tmp_path / "no-such-dist")
    assert missing.returncode != 0  # never an installer without the program in it
    unversioned = subprocess.run([MAKENSIS, "-V1", f"-DDIST={_fake_dist(tmp_path)}", str(SCRIPT)],
                                 capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)
    assert unversioned.returncode != 0 and "VERSION" in unversioned.stdout + unversioned.stderr
