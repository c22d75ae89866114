"""Members core: validation, storage, search (FTS + LIKE), duplicates, merge, PDPA."""

import json
from datetime import date

import pytest

from moi_desktop.db import insert_row
from moi_desktop.errors import UserError
from moi_desktop.members import (
    DUPLICATE_ID,
    DUPLICATE_NAME_PHONE,
    ERROR,
    SIMILAR_NAME,
    WARNING,
    MemberQuery,
    add_member,
    clean_member,
    count_members,
    delete_member,
    erase_person,
    field_problem,
    find_duplicates,
    get_member,
    member_ids,
    merge_history,
    merge_members,
    photo_path,
    possible_duplicates,
    resolve_member_id,
    restore_member,
    retention_candidates,
    search_members,
    set_active,
    set_photo,
    update_member,
    write_person_export,
)
from moi_desktop.members.keys import loose_key, member_sort_key, name_key, thai_sort_key
from moi_desktop.thai.national_id import check_digit


def nid(first12: str) -> str:
    return first12 + str(check_digit(first12))


ID1 = nid("110370208488")
ID2 = nid("310090023456")


def add(db, **kw):
    data = {"first_name": "สมชาย", "last_name": "ใจดี"}
    data.update(kw)
    return add_member(db, data)


# --- validation -------------------------------------------------------------------------------


def test_clean_member_normalises_everything(db):
    values, problems = clean_member(
        db,
        {
            "first_name": " นางสาวมาลี\u200b ",
            "last_name": "ศรีสุข",
            "national_id": "๑-๑๐๓๗-๐๒๐๘๔-๘๘-" + "๐๑๒๓๔๕๖๗๘๙"[int(ID1[-1])],
            "phone": "๐๘๑-๒๓๔-๕๖๗๘",
            "moo": "หมู่ที่ ๕",
            "sector": "academic",
            "sector_other": "should go",
        },
    )
    assert problems == []
    assert values["title"] == "นางสาว" and values["first_name"] == "มาลี"
    assert values["national_id"] == ID1
    assert values["phone"] == "0812345678"
    assert values["moo"] == "5"
    assert values["sector_other"] is None  # only kept for "other"
    assert values["name_key"] == "มาลีศรีสุข"


@pytest.mark.parametrize(
    "field, value, fragment",
    [
        ("national_id", ID1[:12] + str((int(ID1[12]) + 1) % 10), "เลขตรวจสอบ"),
        ("national_id", "12345", "๑๓ หลัก"),
        ("phone", "12345", "ขึ้นต้นด้วย ๐"),
        ("email", "not-an-email", "อีเมล"),
        ("moo", "ห้า", "หมู่ที่"),
        ("sector", "nonsense", "ภาคี"),
        ("team_role", "captain", "ทีม"),
        ("subdistrict_code", "999999", "ตำบล"),
        ("consent_date", "วันพรุ่งนี้", ""),
    ],
)
def test_bad_fields_are_errors_with_thai_messages(db, field, value, fragment):
    _, problems = clean_member(db, {"first_name": "สมชาย", field: value})
    errors = [p for p in problems if p.level == ERROR]
    assert errors and errors[0].field == field
    assert fragment in errors[0].message
    assert field_problem(field, value) or field in ("sector", "team_role", "subdistrict_code")


def test_missing_name_and_consent_without_date(db):
    _, problems = clean_member(db, {"first_name": "  ", "lawful_basis": "consent", "consent_date": ""})
    fields = {p.field for p in problems}
    assert {"first_name", "consent_date"} <= fields


def test_field_problem_accepts_blank_optional_fields():
    assert field_problem("national_id", "") is None
    assert field_problem("phone", None) is None
    assert field_problem("first_name", "") == "กรุณากรอกชื่อ"
    assert field_problem("national_id", ID1) is None


def test_leading_zero_id_is_a_warning_not_an_error(db):
    zero = nid("012345678901")
    _, problems = clean_member(db, {"first_name": "ก", "national_id": zero})
    assert [p.level for p in problems] == [WARNING]


# --- keys -------------------------------------------------------------------------------------


def test_thai_sort_key_ignores_leading_vowels():
    words = ["ไก่", "เกิด", "กาล", "เป็ด", "หมู", "วัว"]
    assert sorted(words, key=thai_sort_key) == ["กาล", "เกิด", "ไก่", "เป็ด", "วัว", "หมู"]


def test_name_keys():
    assert name_key("สมชาย", "ใจ ดี") == name_key("สมชาย ", "ใจดี")
    assert loose_key(name_key("สมชาย", "ใจดีย์")) == loose_key(name_key("สมชาย", "ใจดี"))
    assert member_sort_key("เกียรติ", "ก").startswith("กเ")


# --- store ------------------------------------------------------------------------------------


def test_add_get_update_delete_restore(db):
    member_id = add(db, phone="0812345678", national_id=ID1, sector="government", team_role="leader10")
    row = get_member(db, member_id)
    assert row["first_name"] == "สมชาย" and row["active"] == 1 and row["lawful_basis"] == "public_task"
    update_member(db, member_id, {"last_name": "ใจงาม"})
    row = get_member(db, member_id)
    assert row["last_name"] == "ใจงาม" and row["name_key"] == "สมชายใจงาม"
    delete_member(db, member_id)
    assert count_members(db, MemberQuery()) == 0
    restore_member(db, member_id)
    assert count_members(db, MemberQuery()) == 1


def test_bad_input_raises_and_changes_nothing(db):
    with pytest.raises(UserError) as info:
        add(db, phone="123")
    assert info.value.field == "phone"
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_same_national_id_is_refused(db):
    add(db, national_id=ID1)
    with pytest.raises(UserError, match="มีอยู่แล้ว"):
        add(db, first_name="มาลี", last_name="ศรีสุข", national_id=ID1)
    other = add(db, first_name="มาลี", last_name="ศรีสุข", national_id=ID2)
    with pytest.raises(UserError, match="มีอยู่แล้ว"):
        update_member(db, other, {"national_id": ID1})


def test_inactive_since_follows_the_active_flag(db):
    member_id = add(db)
    set_active(db, member_id, False)
    assert get_member(db, member_id)["inactive_since"] == date.today().isoformat()
    set_active(db, member_id, True)
    assert get_member(db, member_id)["inactive_since"] is None


def test_photo_stored_by_content_hash(db, tmp_path):
    member_id = add(db)
    picture = tmp_path / "me.png"
    picture.write_bytes(b"\x89PNG fake")
    digest = set_photo(db, member_id, picture)
    assert photo_path(digest).read_bytes() == b"\x89PNG fake"
    with pytest.raises(UserError):
        set_photo(db, member_id, tmp_path / "x.gif")


def test_no_religion_column(db):
    columns = {r[1] for r in db.execute("PRAGMA table_info(members)")}
    assert not any("religion" in c for c in columns)
    assert {"sector", "sector_other", "team_role", "moo", "subdistrict_code", "lawful_basis"} <= columns


# --- search -----------------------------------------------------------------------------------


@pytest.fixture
def people(db):
    ids = {
        "somchai": add(db, phone="0812345678", organisation="ที่ว่าการอำเภอ", sector="government", team_role="leader10"),
        "malee": add(db, first_name="มาลี", last_name="ศรีสุข", phone="0891112222", sector="people",
                     team_role="change_agent100", subdistrict_code="500101"),
        "kiat": add(db, first_name="เกียรติ", last_name="ทองดี", sector="people", active=0),
    }
    return ids


def q(db, **kw):
    return [r["first_name"] for r in search_members(db, MemberQuery(**kw))]


def test_search_trigram_like_and_digits(db, people):
    assert q(db, text="มาลี") == ["มาลี"]
    assert q(db, text="ศรีสุ") == ["มาลี"]  # middle of a word
    # One or two characters: the start of a first name, last name or phone (LIKE 'x%').
    assert q(db, text="ศ") == ["มาลี"]
    assert q(db, text="เก") == ["เกียรติ"]
    assert q(db, text="ทอ") == ["เกียรติ"]
    assert q(db, text="ดี") == []  # inside a word: needs three characters (trigram)
    assert q(db, text="ใจดี") == ["สมชาย"]
    assert q(db, text="08") == ["มาลี", "สมชาย"]
    assert q(db, text="081-234") == ["สมชาย"]  # phone typed with a dash
    assert q(db, text="๐๘๙๑") == ["มาลี"]  # Thai digits
    assert q(db, text="อำเภอ") == ["สมชาย"]  # organisation
    assert q(db, text="มาลี ศรี") == ["มาลี"]  # two words, AND
    assert q(db, text='50%_"') == []  # quotes and LIKE wildcards are harmless


def test_search_national_id(db):
    add(db, national_id=ID1)
    assert q(db, text=f"{ID1[0]}-{ID1[1:5]}-{ID1[5:10]}-{ID1[10:12]}-{ID1[12]}") == ["สมชาย"]


def test_filters_sort_and_paging(db, people):
    assert q(db, sector="people") == ["เกียรติ", "มาลี"]  # dictionary order: ก before ม
    assert q(db, team_role="leader10") == ["สมชาย"]
    assert q(db, subdistrict_code="500101") == ["มาลี"]
    assert q(db, active=False) == ["เกียรติ"]
    assert q(db, sort="name", descending=True)[0] == "สมชาย"
    assert len(search_members(db, MemberQuery(), limit=2, offset=2)) == 1
    assert count_members(db, MemberQuery(sector="people")) == 2
    assert len(member_ids(db, MemberQuery())) == 3


def test_search_index_follows_updates_and_deletes(db, people):
    update_member(db, people["malee"], {"first_name": "มาลัย"})
    assert q(db, text="มาลี") == [] and q(db, text="มาลัย") == ["มาลัย"]
    delete_member(db, people["malee"])
    assert q(db, text="มาลัย") == []
    restore_member(db, people["malee"])
    assert q(db, text="มาลัย") == ["มาลัย"]
    # A raw write outside the helpers is indexed too (e.g. an exchange bundle merge).
    insert_row(db, "members", {"first_name": "ทดสอบ", "name_sort": "ทดสอบ"})
    assert q(db, text="ทดสอบ") == ["ทดสอบ"]
    db.execute("DELETE FROM members WHERE first_name = 'ทดสอบ'")
    assert db.execute("SELECT count(*) FROM members_fts").fetchone()[0] == 3


# --- duplicates and merge ---------------------------------------------------------------------


def test_find_duplicates_rules(db):
    a = add(db, phone="0812345678", national_id=ID1)
    kinds = lambda data: [(m.kind, m.ref) for m in find_duplicates(db, data)]  # noqa: E731
    assert kinds({"first_name": "x", "last_name": "y", "national_id": ID1}) == [(DUPLICATE_ID, a)]
    assert kinds({"first_name": "สมชาย", "last_name": "ใจดี", "phone": "0812345678"}) == [(DUPLICATE_NAME_PHONE, a)]
    # same name, other phone: only flagged for review
    assert kinds({"first_name": "สมชาย", "last_name": "ใจดี", "phone": "0899999999"}) == [(SIMILAR_NAME, a)]
    # one letter different, or a silent letter added
    assert kinds({"first_name": "สมชาญ", "last_name": "ใจดี"}) == [(SIMILAR_NAME, a)]
    assert kinds({"first_name": "สมชาย", "last_name": "ใจดีย์"}) == [(SIMILAR_NAME, a)]
    # a different valid ID proves a different person
    assert kinds({"first_name": "สมชาย", "last_name": "ใจดี", "national_id": ID2}) == []
    assert kinds({"first_name": "ประยุทธ", "last_name": "มั่นคง"}) == []


def test_possible_duplicates_lists_pairs(db):
    a = add(db, phone="0812345678")
    b = add(db, first_name="สมชาญ", phone="0812345670")
    add(db, first_name="มาลี", last_name="ศรีสุข")
    pairs = possible_duplicates(db)
    assert [(m.kind, m.ref, later) for m, later in pairs] == [(SIMILAR_NAME, a, b)]


def test_merge_keeps_history_and_tombstone(db):
    a = add(db, phone="0812345678")
    b = add(db, first_name="สมชาญ", national_id=ID1, email="s@example.com")
    db["attendance_demo"].create({"member_id": str, "session": str, "updated_at": str}, pk=("member_id", "session"))
    db["attendance_demo"].insert_all([
        {"member_id": b, "session": "s1", "updated_at": "x"},
        {"member_id": b, "session": "s2", "updated_at": "x"},
        {"member_id": a, "session": "s2", "updated_at": "x"},
    ])
    result = merge_members(db, a, b)
    survivor, tomb = get_member(db, a), get_member(db, b)
    assert survivor["first_name"] == "สมชาย"  # survivor's own value kept
    assert survivor["national_id"] == ID1 and survivor["email"] == "s@example.com"  # blanks filled
    assert tomb["merged_into"] == a and tomb["deleted_at"]
    assert result.repointed == {"attendance_demo.member_id": 1}  # s2 already attended by a
    assert count_members(db, MemberQuery()) == 1
    history = merge_history(db, a)
    assert history[0]["merged_snapshot"]["first_name"] == "สมชาญ"
    assert resolve_member_id(db, b) == a
    with pytest.raises(UserError):
        merge_members(db, a, b)  # already merged


def test_merge_with_chosen_values_and_chain(db):
    a, b, c = add(db), add(db, first_name="สมชาญ"), add(db, first_name="สมชัย")
    merge_members(db, b, c)
    merge_members(db, a, b, {"first_name": "สมชาญ"})
    assert get_member(db, a)["first_name"] == "สมชาญ"
    assert get_member(db, c)["merged_into"] == a  # no chains


# --- PDPA -------------------------------------------------------------------------------------


def test_export_person_holds_everything(db, tmp_path):
    a = add(db, national_id=ID1, phone="0812345678")
    b = add(db, first_name="สมชาญ")
    merge_members(db, a, b)
    out = write_person_export(db, a, tmp_path / "p.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["member"]["national_id"] == ID1
    assert data["merged_records"][0]["id"] == b
    assert data["merge_history"][0]["merged_id"] == b
    with pytest.raises(UserError):
        write_person_export(db, a, tmp_path / "p.txt")


def test_erase_person_clears_personal_fields_everywhere(db, tmp_path):
    a = add(db, national_id=ID1, phone="0812345678", email="s@example.com", sector="government")
    b = add(db, first_name="สมชาญ")
    picture = tmp_path / "p.jpg"
    picture.write_bytes(b"jpeg")
    digest = set_photo(db, a, picture)
    merge_members(db, a, b)
    erased = erase_person(db, a)
    assert set(erased) == {a, b}
    for member_id in (a, b):
        row = get_member(db, member_id)
        assert row["erased_at"] and row["deleted_at"]
        assert not any(row[f] for f in ("first_name", "last_name", "national_id", "phone", "email", "name_key"))
    assert get_member(db, a)["sector"] == "government"  # statistics survive
    assert "สมชาญ" not in json.dumps(merge_history(db, a), ensure_ascii=False)
    assert photo_path(digest) is None
    assert db.execute("SELECT count(*) FROM members_fts").fetchone()[0] == 0
    with pytest.raises(UserError):
        erase_person(db, a)


def test_retention_candidates(db):
    old, recent, active = add(db), add(db, first_name="มาลี"), add(db, first_name="ก้อง")
    set_active(db, old, False)
    set_active(db, recent, False)
    db.execute("UPDATE members SET inactive_since = '2020-01-01' WHERE id = ?", [old])
    found = retention_candidates(db, 2)
    assert [r["id"] for r in found] == [old]
    assert found[0]["days_inactive"] > 700
    assert retention_candidates(db, 0, today=date(2100, 1, 1))[0]["id"] == old
    with pytest.raises(UserError):
        retention_candidates(db, -1)
    assert active


def test_bulk_indexing_matches_the_trigger(db):
    from moi_desktop.imports.bulk import insert_rows
    from moi_desktop.members.search import bulk_indexing

    add(db, phone="0812345678", organisation="อำเภอ", position="ปลัด")  # indexed by the trigger
    row = {k: v for k, v in get_member(db, member_ids(db, MemberQuery())[0]).items()
           if k not in ("id", "created_at", "updated_at", "origin", "deleted_at")}
    gone = dict(row, first_name="ลบแล้ว", merged_into=None)
    with db.atomic():
        with bulk_indexing(db):
            insert_rows(db, "members", [row])
            db.execute("UPDATE members SET deleted_at = 'x' WHERE 0")  # the trigger is gone meanwhile
        insert_rows(db, "members", [dict(gone, first_name="หลังจากนั้น")])  # trigger is back
    bodies = [r[0] for r in db.execute("SELECT body FROM members_fts ORDER BY rowid")]
    assert bodies[0] == bodies[1]
    assert "หลังจากนั้น" in bodies[2]
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'members_fts_ai'").fetchone()[0] == 1
