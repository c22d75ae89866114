"""Build resources/passwords/common-passwords.txt, the list the password policy refuses.

    uv run --with zxcvbn==4.5.0 python scripts/build_common_passwords.py

What goes in (resources/passwords/README.md says where each part comes from and its licence):
1. the 10,000 most common passwords of zxcvbn's frequency list, most common first;
2. each of the 1,000 most common of those as typed with the Thai (Kedmanee) layout on
   ("password" -> "ยฟหหไนพก");
3. the Thai words of resources/passwords/thai-words.txt, each also as typed with the English
   layout on ("รหัสผ่าน" -> "isylzjko").
Every line is stored in the form the policy compares (moi_desktop.security.policy.normalise).
"""

from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

from moi_desktop.security.kedmanee import keys_to_thai, thai_to_keys
from moi_desktop.security.policy import normalise

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "passwords"
TOP = 10_000
TOP_TYPED_IN_THAI = 1_000


def thai_words() -> list[str]:
    lines = (FOLDER / "thai-words.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def build() -> list[str]:
    latin = FREQUENCY_LISTS["passwords"][:TOP]
    words = thai_words()
    parts = [
        *latin,
        *(keys_to_thai(p) for p in latin[:TOP_TYPED_IN_THAI]),
        *words,
        *(thai_to_keys(w) for w in words),
    ]
    seen: dict[str, None] = {}  # ordered and without repeats
    for entry in parts:
        seen.setdefault(normalise(entry), None)
    return list(seen)


def main() -> None:
    entries = build()
    (FOLDER / "common-passwords.txt").write_text("\n".join(entries) + "\n", encoding="utf-8")
    print(f"{len(entries):,} entries written to {FOLDER / 'common-passwords.txt'}")


if __name__ == "__main__":
    main()
