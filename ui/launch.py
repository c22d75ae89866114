"""The GUI's command line (`moi-desktop ...`, `python main.py ...`), apart from the window: main.py
parses it before Qt loads, so `--help`, `--version` and a mistyped option answer at once."""

import argparse
from pathlib import Path

from moi_desktop import APP_NAME, __version__


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="moi-desktop", description=APP_NAME)
    parser.add_argument("--db", type=Path, help="ไฟล์ฐานข้อมูล (ค่าเริ่มต้นอยู่ในโฟลเดอร์ข้อมูลของผู้ใช้)")
    parser.add_argument("--demo", action="store_true",
                        help="เปิดฐานข้อมูลตัวอย่าง (สร้างใหม่เมื่อยังไม่มีหรือเป็นรุ่นเก่า)")
    # REPORTING: the province demo — N districts submit a period, the province opens
    parser.add_argument("--demo-province", metavar="CODE",
                        help="สร้างตัวอย่างระดับจังหวัด (อำเภอ ๓ แห่งส่งรายงาน: ทันกำหนด ส่งช้า ยังไม่ส่ง) แล้วเปิดฐานข้อมูลจังหวัด")
    parser.add_argument("--smoke", action="store_true", help="สร้างหน้าต่างหลัก แล้วปิดทันที (ตรวจการติดตั้ง)")
    parser.add_argument("--new-demo", action="store_true", help="สร้างฐานข้อมูลตัวอย่างใหม่ทุกครั้ง (กับ --demo)")
    parser.add_argument("--build-manual", type=Path, metavar="PDF",
                        help="สร้างคู่มือการใช้งาน (ภาพหน้าจอจากฐานข้อมูลตัวอย่าง) เป็นไฟล์ PDF แล้วจบ")
    # Cold start to a usable window, for the startup benchmark: quit once the main window is painted.
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=__version__)
    return parser.parse_args(argv)
