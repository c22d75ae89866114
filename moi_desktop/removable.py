"""Removable drives (USB sticks) the user may save reports and bundles to.

Reports travel to the province on USB sticks, so save dialogs offer these first. Detection is
per platform: Windows asks GetDriveTypeW for DRIVE_REMOVABLE; Linux desktops mount sticks under
/media/$USER/<label> (Debian, Ubuntu) or /run/media/$USER/<label> (Fedora); macOS under /Volumes.
"""

from __future__ import annotations

import getpass
import os
import shutil
import string
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

DRIVE_REMOVABLE = 2


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str
    free_bytes: int

    @property
    def display(self) -> str:
        """Thai text for a list entry, e.g. "แฟลชไดรฟ์ KINGSTON (E:\\) ว่าง 3.2 GB"."""
        return f"แฟลชไดรฟ์ {self.label} ({self.path}) ว่าง {format_size(self.free_bytes)}"


def format_size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} ไบต์"


def removable_drives() -> list[Drive]:
    """Mounted removable drives, sorted by path; an empty list when there are none."""
    if sys.platform == "win32":
        return _windows_drives()
    if sys.platform == "darwin":
        return mounted_drives([Path("/Volumes")], skip=_is_system_volume)
    user = _user_name()
    bases = [Path("/media") / user, Path("/run/media") / user, Path("/media")]
    return mounted_drives(bases)


def mounted_drives(bases: Iterable[Path], *, is_mount: Callable[[str], bool] = os.path.ismount,
                   skip: Callable[[Path], bool] | None = None) -> list[Drive]:
    """Mount points directly under `bases` (each base may itself hold user folders)."""
    seen: set[Path] = set()
    drives: list[Drive] = []
    for base in bases:
        try:
            entries = sorted(base.iterdir())
        except OSError:  # the base does not exist or is not readable: nothing mounted there
            continue
        for entry in entries:
            if entry in seen or not entry.is_dir() or not is_mount(str(entry)):
                continue
            if skip is not None and skip(entry):
                continue
            seen.add(entry)
            drive = _drive_at(entry, entry.name)
            if drive is not None:
                drives.append(drive)
    return sorted(drives, key=lambda d: str(d.path))


def _drive_at(path: Path, label: str) -> Drive | None:
    try:
        free = shutil.disk_usage(path).free
    except OSError:  # vanished (unplugged) between listing and asking
        return None
    return Drive(path=path, label=label, free_bytes=free)


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers): fall back to the home folder name
        return Path.home().name


def _is_system_volume(path: Path) -> bool:
    # /Volumes/Macintosh HD is a symlink to "/": the startup disk, not a stick.
    try:
        return path.resolve() == Path("/").resolve()
    except OSError:
        return True


def _windows_drives() -> list[Drive]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    drives: list[Drive] = []
    for i, letter in enumerate(string.ascii_uppercase):
        if not mask & (1 << i):
            continue
        root = f"{letter}:\\"
        if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) != DRIVE_REMOVABLE:
            continue
        name = ctypes.create_unicode_buffer(261)
        ok = kernel32.GetVolumeInformationW(ctypes.c_wchar_p(root), name, 261, None, None, None, None, 0)
        if not ok:  # a card reader slot with no card: not usable
            continue
        drive = _drive_at(Path(root), name.value or f"{letter}:")
        if drive is not None:
            drives.append(drive)
    return drives
