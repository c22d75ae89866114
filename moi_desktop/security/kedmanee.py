"""The Thai Kedmanee keyboard (TIS 820-2538, the layout of every Thai PC): which character each
key types with the Thai layout on, so a password typed with the wrong layout can be recognised.

"password" typed with the Thai layout on is "ยฟหหไนพก"; "รหัสผ่าน" typed with the English layout
on is "isylzjko". The password policy checks both forms against the list of common passwords.
"""

# Key (as typed with the English layout) -> character typed with the Thai layout on, row by row.
_UNSHIFTED = dict(zip(
    "`1234567890-="
    "qwertyuiop[]\\"
    "asdfghjkl;'"
    "zxcvbnm,./",
    "_ๅ/-ภถุึคตจขช"
    "ๆไำพะัีรนยบลฃ"
    "ฟหกดเ้่าสวง"
    "ผปแอิืทมใฝ",
    strict=True,
))
_SHIFTED = dict(zip(
    "~!@#$%^&*()_+"
    "QWERTYUIOP{}|"
    'ASDFGHJKL:"'
    "ZXCVBNM<>?",
    "%+๑๒๓๔ู฿๕๖๗๘๙"
    '๐"ฎฑธํ๊ณฯญฐ,ฅ'
    "ฤฆฏโฌ็๋ษศซ."
    "()ฉฮฺ์?ฒฬฦ",
    strict=True,
))
KEY_TO_THAI: dict[str, str] = {**_UNSHIFTED, **_SHIFTED}
THAI_TO_KEY: dict[str, str] = {thai: key for key, thai in KEY_TO_THAI.items()}

_KEYS_TABLE = str.maketrans(KEY_TO_THAI)
_THAI_TABLE = str.maketrans(THAI_TO_KEY)


def is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def keys_to_thai(text: str) -> str:
    """What `text` (typed with the English layout) would have been with the Thai layout on."""
    return text.translate(_KEYS_TABLE)


def thai_to_keys(text: str) -> str:
    """The keys pressed to type `text` with the Thai layout on, as the English layout shows them."""
    return text.translate(_THAI_TABLE)
