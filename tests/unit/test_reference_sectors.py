"""Free-text partner descriptions → the seven partner sectors (or "other")."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moi_desktop.reference import SECTOR_CODES, match_sector


@pytest.mark.parametrize(
    "text, code",
    [
        ("ภาครัฐ", "government"),
        ("ภาคราชการ", "government"),
        ("ภาคราชการ (ภาครัฐ)", "government"),
        ("ข้าราชการ", "government"),
        ("ภาคีเครือข่ายราชการ", "government"),
        ("สำนักงานเกษตรและสหกรณ์จังหวัด", "government"),
        ("องค์กรปกครองส่วนท้องถิ่น", "government"),
        ("อบต.บ้านใหม่", "government"),
        ("กำนันผู้ใหญ่บ้าน", "government"),
        ("การไฟฟ้าส่วนภูมิภาค (รัฐวิสาหกิจ)", "government"),
        ("ภาควิชาการ", "academic"),
        ("ภาคีเครือข่ายวิชาการ", "academic"),
        ("มหาวิทยาลัยราชภัฏเชียงราย", "academic"),
        ("ภาคศาสนา", "religious"),
        ("พระสงฆ์", "religious"),
        ("พระครูสุวรรณ", "religious"),  # a monk's title, not a teacher (ครู)
        ("ผู้นำศาสนาอิสลาม", "religious"),
        ("ภาคประชาชน", "people"),
        ("ภาคีเครือข่ายประชาชน", "people"),
        ("ชาวบ้าน", "people"),
        ("อสม.", "people"),
        ("ภาคเอกชน", "private"),
        ("บริษัท ไทยเจริญ จำกัด", "private"),
        ("หอการค้าจังหวัดน่าน", "private"),  # names a province but is business
        ("ภาคประชาสังคม", "civil_society"),
        ("องค์กรพัฒนาเอกชน", "civil_society"),  # an NGO, though it contains เอกชน
        ("มูลนิธิรักษ์ไทย", "civil_society"),
        ("ภาคสื่อมวลชน", "media"),
        ("ภาคีเครือข่ายสื่อสารมวลชน", "media"),
        ("ผู้สื่อข่าวท้องถิ่น", "media"),
        # education is counted apart from academics in seed 004
        ("ภาคีเครือข่ายด้านการศึกษา", "other"),
        ("การศึกษา", "other"),
        ("โรงเรียนบ้านหนองบัว", "other"),
        ("ครู", "other"),
        ("อื่น ๆ", "other"),
        ("", "other"),
        (None, "other"),
        ("xyz", "other"),
        ("government", "government"),
        ("civil_society", "civil_society"),
        ("  ภาค\u200bเอกชน ", "private"),
    ],
)
def test_match_sector(text, code):
    assert match_sector(text) == code


@given(st.text(max_size=40))
def test_always_a_known_code(text):
    assert match_sector(text) in SECTOR_CODES
