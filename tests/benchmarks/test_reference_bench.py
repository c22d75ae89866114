"""Reference data costs paid by every test and every keystroke: m002 and fuzzy lookup."""

from moi_desktop.db import connect
from moi_desktop.db.migrations import m001_core, m002_reference
from moi_desktop.reference import lookup_district, lookup_province


def test_m002_reference_migration(benchmark):
    def fresh():
        db = connect(":memory:")
        m001_core.up(db)
        return (db,), {}

    def migrate(db):
        with db.atomic():
            m002_reference.up(db)

    benchmark.pedantic(migrate, setup=fresh, rounds=15)


def test_lookup_district_with_province(benchmark, db):
    lookup_district(db, "เชียงของ")
    result = benchmark(lookup_district, db, "เขียงของ", "เขียงราย")
    assert result[0].code == "5703"


def test_lookup_district_without_province(benchmark, db):
    lookup_district(db, "เชียงของ")
    result = benchmark(lookup_district, db, "กุตุรง")
    assert result[0].code == "4412"


def test_lookup_province(benchmark, db):
    result = benchmark(lookup_province, db, "อุดรดิตต์")
    assert result[0].code == "53"
