"""Invented Thai people for demo data: names built from common given names and surname parts.

Nothing here comes from a list of real people: given names are common words used as names, and
surnames are assembled from syllables that Thai surnames are typically made of. Every function
takes a `random.Random` so that the same seed always yields the same people.
"""

import random

MALE_FIRST_NAMES = (
    "สมชาย", "สมศักดิ์", "สมพงษ์", "สมหมาย", "ประเสริฐ", "ประยุทธ", "วิชัย", "สุรชัย", "ชัยวัฒน์",
    "ธนากร", "ธีรพงษ์", "อนุชา", "อภิชาติ", "กิตติพงษ์", "ณัฐพล", "พงศกร", "ปิยะพงษ์", "วีระพงษ์",
    "สุริยา", "บุญเลิศ", "บุญมี", "ทองใบ", "เกียรติศักดิ์", "จักรพันธ์", "ศุภชัย", "อำนาจ", "ไพโรจน์",
    "มานพ", "วิโรจน์", "สุเทพ", "เอกชัย", "ชาตรี", "ธวัชชัย", "นพดล", "พิทักษ์", "ยุทธนา",
    "รังสรรค์", "วรวุฒิ", "ศักดิ์ชัย", "สมบัติ", "อดิศักดิ์", "ภานุวัฒน์", "ธนพล", "กฤษดา", "ชยพล",
)

FEMALE_FIRST_NAMES = (
    "สมหญิง", "สมศรี", "มาลี", "บุญเรือน", "ทองคำ", "สุดารัตน์", "สุภาพร", "วันเพ็ญ", "จันทร์เพ็ญ",
    "พรทิพย์", "กาญจนา", "นงลักษณ์", "ปราณี", "ประภาพร", "รัตนา", "ศิริพร", "อรุณี", "อัญชลี",
    "วิไลวรรณ", "จิราพร", "ณัฐธิดา", "ธิดารัตน์", "นภาพร", "ปิยะนุช", "พิมพ์ชนก", "เพ็ญศรี", "มณีรัตน์",
    "ลำดวน", "วาสนา", "สายสุนีย์", "อำไพ", "กัลยา", "จุฑามาศ", "ดวงใจ", "ทิพวรรณ", "นิตยา",
    "บุษบา", "ผ่องศรี", "ยุพิน", "รุ่งนภา", "สุนันทา", "อรทัย", "กนกวรรณ", "ชลธิชา", "ศศิธร",
)

# Surnames: a head part joined with one tail part (occasionally two), e.g. ศรี+สุข, ทอง+ดี+งาม.
SURNAME_HEADS = (
    "ศรี", "บุญ", "ทอง", "แก้ว", "สุข", "จันทร์", "วงศ์", "ใจ", "มั่น", "เพชร", "สมบูรณ์", "เจริญ",
    "พรหม", "อินทร์", "ชัย", "ประเสริฐ", "รุ่งเรือง", "ศักดิ์", "สิทธิ์", "คำ", "นาค", "พึ่ง", "กิตติ",
    "ธนา", "มณี", "ปัญญา", "ทรัพย์", "ไชย", "บัว", "ขาว",
)
SURNAME_TAILS = (
    "สุข", "ดี", "งาม", "มา", "ใจ", "วงศ์", "ทอง", "แก้ว", "ศรี", "เจริญ", "มณี", "สวัสดิ์",
    "ประเสริฐ", "พันธ์", "รักษ์", "ยิ่ง", "เรือง", "ชัย", "สมบัติ", "บุญ", "ทิพย์", "วัฒนา",
    "กุล", "ภักดี", "พงษ์", "นิล", "สาร", "ศักดิ์", "เสนา", "รัตน์",
)

MALE = "male"
FEMALE = "female"


def fake_surname(rng: random.Random) -> str:
    head = rng.choice(SURNAME_HEADS)
    tails = [t for t in SURNAME_TAILS if t != head]
    name = head + rng.choice(tails)
    if rng.random() < 0.25:
        name += rng.choice(tails)
    return name


def fake_person(rng: random.Random, gender: str | None = None) -> dict:
    """An invented adult: {title, first_name, last_name, gender} with gender "male"/"female"."""
    if gender is None:
        gender = MALE if rng.random() < 0.5 else FEMALE
    if gender == MALE:
        title = "นาย"
        first = rng.choice(MALE_FIRST_NAMES)
    elif gender == FEMALE:
        title = "นาง" if rng.random() < 0.6 else "นางสาว"
        first = rng.choice(FEMALE_FIRST_NAMES)
    else:
        raise ValueError(f"unknown gender {gender!r}")
    return {"title": title, "first_name": first, "last_name": fake_surname(rng), "gender": gender}


def full_name(person: dict) -> str:
    """"นายสมชาย ศรีสุข": a title is written joined to the first name."""
    return f"{person['title']}{person['first_name']} {person['last_name']}"


def national_id_check_digit(first12: str) -> int:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - total % 11) % 10


def fake_national_id(rng: random.Random) -> str:
    """13 digits with a valid check digit; first digit 1 or 3 as for most Thai-born citizens."""
    first12 = rng.choice("13") + "".join(rng.choice("0123456789") for _ in range(11))
    return first12 + str(national_id_check_digit(first12))


def fake_phone(rng: random.Random) -> str:
    """A mobile number as digits only, e.g. "0812345678" (prefixes 06, 08, 09)."""
    return "0" + rng.choice("689") + "".join(rng.choice("0123456789") for _ in range(8))
