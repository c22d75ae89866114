"""Removable-drive detection (the save dialog lists USB sticks first)."""

from moi_desktop.removable import Drive, format_size, mounted_drives, removable_drives


def test_mounted_drives_under_media_user(tmp_path):
    base = tmp_path / "media" / "clerk"
    (base / "KINGSTON").mkdir(parents=True)
    (base / "not-mounted").mkdir()
    (base / "file.txt").write_text("x")
    mounts = {str(base / "KINGSTON")}
    drives = mounted_drives([base, tmp_path / "missing"], is_mount=lambda p: p in mounts)
    assert [d.label for d in drives] == ["KINGSTON"]
    assert drives[0].path == base / "KINGSTON" and drives[0].free_bytes > 0
    assert "KINGSTON" in drives[0].display and "ว่าง" in drives[0].display


def test_skip_and_duplicates(tmp_path):
    tmp_path = tmp_path / "media"
    (tmp_path / "a").mkdir(parents=True)
    drives = mounted_drives([tmp_path, tmp_path], is_mount=lambda p: True, skip=lambda p: False)
    assert len(drives) == 1
    assert mounted_drives([tmp_path], is_mount=lambda p: True, skip=lambda p: True) == []


def test_removable_drives_runs_here():
    assert all(isinstance(d, Drive) for d in removable_drives())


def test_format_size():
    assert format_size(3 << 30) == "3.0 GB"
    assert format_size(512) == "512 ไบต์"
