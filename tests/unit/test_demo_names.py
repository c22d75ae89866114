"""Invented demo people: deterministic, plausible, valid IDs and phones."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moi_desktop.demo import names
from moi_desktop.demo.names import fake_national_id, fake_person, fake_phone, full_name
from moi_desktop.thai import is_valid_national_id, phone_problem, split_name

seeds = st.integers(min_value=-(2**63), max_value=2**63)


@given(seeds)
def test_same_seed_same_people(seed):
    a, b = random.Random(seed), random.Random(seed)
    assert [fake_person(a) for _ in range(5)] == [fake_person(b) for _ in range(5)]
    assert fake_national_id(a) == fake_national_id(b)
    assert fake_phone(a) == fake_phone(b)


@given(seeds)
def test_person_is_consistent(seed):
    person = fake_person(random.Random(seed))
    assert set(person) == {"title", "first_name", "last_name", "gender"}
    if person["gender"] == names.MALE:
        assert person["title"] == "นาย"
        assert person["first_name"] in names.MALE_FIRST_NAMES
    else:
        assert person["gender"] == names.FEMALE
        assert person["title"] in ("นาง", "นางสาว")
        assert person["first_name"] in names.FEMALE_FIRST_NAMES
    assert person["last_name"] and " " not in person["last_name"]
    # The project's own name splitter reads the generated full name back.
    assert split_name(full_name(person)) == (person["title"], person["first_name"], person["last_name"])


@given(seeds, st.sampled_from([names.MALE, names.FEMALE]))
def test_requested_gender_is_honoured(seed, gender):
    assert fake_person(random.Random(seed), gender=gender)["gender"] == gender


def test_unknown_gender_is_a_bug():
    with pytest.raises(ValueError):
        fake_person(random.Random(1), gender="x")


def test_names_vary():
    rng = random.Random(7)
    people = [fake_person(rng) for _ in range(300)]
    assert len({full_name(p) for p in people}) > 250
    assert {p["gender"] for p in people} == {names.MALE, names.FEMALE}
    assert {p["title"] for p in people} == {"นาย", "นาง", "นางสาว"}


@given(seeds)
def test_national_id_is_valid(seed):
    nid = fake_national_id(random.Random(seed))
    assert len(nid) == 13 and nid.isdigit() and nid[0] in "13"
    assert is_valid_national_id(nid)


def test_check_digit_matches_a_known_id():
    # Weights 13..2 over 1-1017-00230-70 sum to 146; (11 - 146 mod 11) mod 10 = 8.
    first12 = "110170023070"
    total = sum(int(d) * w for d, w in zip(first12, range(13, 1, -1), strict=True))
    assert names.national_id_check_digit(first12) == (11 - total % 11) % 10 == 8


@given(seeds)
def test_phone_is_a_valid_mobile(seed):
    phone = fake_phone(random.Random(seed))
    assert len(phone) == 10 and phone.isdigit() and phone[:2] in ("06", "08", "09")
    assert phone_problem(phone) is None
