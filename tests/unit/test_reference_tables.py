"""Reference tables loaded by m002: counts, integrity, seeded lists and the read functions."""

import time

from moi_desktop import reference
from moi_desktop.db import connect, open_database
from moi_desktop.db.migrations import m001_core, m002_reference

PRINTED_INDICATOR_NUMBERS = {*range(1, 10), *range(12, 25), 26, 30, 32, 36, 37}


def test_counts(db):
    assert db["provinces"].count == 77
    assert db["districts"].count == 928
    assert db["subdistricts"].count == 7436
    assert db["sdgs"].count == 17
    assert db["sectors"].count == 8
    assert db["project_categories"].count == 5
    assert db["indicator_categories"].count == 7
    assert db["indicators"].count == 27


def test_geography_is_consistent(db):
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    orphan_districts = db.execute(
        "SELECT COUNT(*) FROM districts d LEFT JOIN provinces p USING (province_code) WHERE p.name_th IS NULL"
    ).fetchone()[0]
    assert orphan_districts == 0
    mismatched = db.execute(
        "SELECT COUNT(*) FROM subdistricts s JOIN districts d USING (district_code) "
        "WHERE d.province_code != s.province_code"
    ).fetchone()[0]
    assert mismatched == 0
    # provinces.csv's own counts agree with the rows loaded
    for code, n_d, n_s in db.execute("SELECT province_code, n_districts, n_subdistricts FROM provinces"):
        assert db.execute("SELECT COUNT(*) FROM districts WHERE province_code = ?", [code]).fetchone()[0] == n_d
        assert db.execute("SELECT COUNT(*) FROM subdistricts WHERE province_code = ?", [code]).fetchone()[0] == n_s
    kinds = dict(db.execute("SELECT kind, COUNT(*) FROM districts GROUP BY kind").fetchall())
    assert kinds == {"amphoe": 878, "khet": 50}


def test_sectors_and_project_categories(db):
    assert [s["code"] for s in reference.sectors(db)] == [
        "government", "academic", "religious", "people", "private", "civil_society", "media", "other",
    ]
    assert reference.sectors(db)[0]["name_th"] == "ภาคราชการ (ภาครัฐ)"
    assert tuple(s["code"] for s in reference.sectors(db)) == reference.SECTOR_CODES
    names = [c["name_th"] for c in reference.project_categories(db)]
    assert names == [
        "ด้านส่งเสริมคุณภาพชีวิต สร้างงานสร้างอาชีพ",
        "ด้านแก้ไขปัญหาความยากจน",
        "ด้านบริหารจัดการน้ำอย่างยั่งยืน",
        "ด้านท่องเที่ยวชุมชน กระตุ้นเศรษฐกิจฐานราก",
        "ด้านอื่น ๆ เช่น การจัดการขยะ ภัยพิบัติ",
    ]
    assert all(c["short_th"] for c in reference.project_categories(db))


def test_sdgs(db):
    goals = reference.sdgs(db)
    assert [g["goal"] for g in goals] == list(range(1, 18))
    assert goals[0]["short_en"] == "No Poverty"
    assert all(g["title_th"] for g in goals)


def test_indicators_are_exactly_the_printed_ones(db):
    cats = reference.indicator_categories(db)
    assert [c["name_th"] for c in cats] == [
        "บ้าน/ที่อยู่อาศัย",
        "น้ำดื่ม/น้ำใช้",
        "การศึกษา",
        "รายได้และอาชีพ",
        "ความปลอดภัย",
        "กลุ่มเปราะบาง",
        "ความเดือดร้อนที่ไม่สามารถแก้ไขด้วยตนเองได้",
    ]
    rows = reference.indicators(db)
    assert {r["number"] for r in rows} == PRINTED_INDICATOR_NUMBERS  # 10, 11, 25 … never invented
    first = rows[0]
    assert (first["number"], first["text"], first["category_name"]) == (1, "ไม่มีบ้านอยู่", "บ้าน/ที่อยู่อาศัย")
    last = rows[-1]
    assert (last["number"], last["text"]) == (37, "อื่นๆ")
    assert all(r["source"].startswith("seed 004") for r in rows)


def test_seeded_indicators_are_sync_stamped_with_same_ids_everywhere(db, tmp_path):
    origin = db.execute("SELECT value FROM meta WHERE key='installation_id'").fetchone()[0]
    for table in ("indicators", "indicator_categories"):
        for row in db[table].rows:
            assert row["origin"] == origin
            assert row["created_at"] == row["updated_at"] and row["created_at"].endswith("Z")
            assert row["deleted_at"] is None
    other = open_database(tmp_path / "other.sqlite3")
    ids = lambda d: sorted(r["id"] for r in d["indicators"].rows)  # noqa: E731
    assert ids(other) == ids(db)  # two offices merge instead of duplicating
    assert other.execute("SELECT value FROM meta WHERE key='installation_id'").fetchone()[0] != origin


def test_regions(db):
    six = reference.regions(db, "region6")
    four = reference.regions(db, "region4")
    assert len(six) == 6 and len(four) == 4
    assert sum(r["n_provinces"] for r in six) == 77 == sum(r["n_provinces"] for r in four)
    assert {r["name_th"] for r in four} == {"ภาคกลาง", "ภาคเหนือ", "ภาคตะวันออกเฉียงเหนือ", "ภาคใต้"}
    assert "ภาคตะวันตก" in {r["name_th"] for r in six}


def test_read_functions(db):
    provs = reference.provinces(db)
    names = [p["name_th"] for p in provs]
    assert len(provs) == 77 and names[0] == "กระบี่"
    assert names.index("เชียงราย") < names.index("ตาก")  # sorted under ช, not after ไ
    assert {p["name_th"] for p in reference.provinces(db, region6="ภาคตะวันตก")} >= {"ตาก", "กาญจนบุรี"}
    chiang_rai = reference.districts_in(db, "57")
    assert chiang_rai[0]["name_th"] == "เมืองเชียงราย" and len(chiang_rai) == 18
    d = reference.district(db, "5703")
    assert (d["name_th"], d["province_name"], d["postal_code"]) == ("เชียงของ", "เชียงราย", "57140")
    assert reference.district(db, "9999") is None
    subs = reference.subdistricts_in(db, "5703")
    assert subs and all(s["district_code"] == "5703" for s in subs)
    s = reference.subdistrict(db, subs[0]["subdistrict_code"])
    assert (s["district_name"], s["province_name"]) == ("เชียงของ", "เชียงราย")
    assert reference.province(db, "10")["name_en"] == "Bangkok"
    assert reference.province(db, "00") is None


def test_reference_migration_is_fast():
    """Every test creates a fresh database, so m002 must stay cheap (measured: ~0.04–0.1 s)."""
    best = float("inf")
    for _ in range(3):
        db = connect(":memory:")
        m001_core.up(db)  # m002 stamps seeded rows with the installation id kept in meta
        start = time.perf_counter()
        with db.atomic():  # as migrations.apply runs it
            m002_reference.up(db)
        best = min(best, time.perf_counter() - start)
        assert db["subdistricts"].count == 7436
        db.close()
    assert best < 0.3, f"m002 took {best:.3f} s"
