"""Numbers for the screen, one way everywhere: digits as the office chose (Thai ๐–๙ or Arabic),
thousands separated, percentages without a space ("๔๒%"), counts with their unit ("๑๓ หลัก").

Pure functions: the caller passes `thai_digits` (the office's setting, `moi_desktop.office.
uses_thai_digits`; the GUI keeps it in `ui.formatting`).
"""

from moi_desktop.thai.digits import to_arabic_digits, to_thai_digits


def digits(text: str | int, thai_digits: bool) -> str:
    """`text` with its digits in the chosen script (either script in, the chosen one out)."""
    return to_thai_digits(text) if thai_digits else to_arabic_digits(text)


def format_number(value: float | int | str | None, thai_digits: bool, decimals: int | None = None) -> str:
    """1234.5 → "๑,๒๓๔.๕" / "1,234.5"; whole numbers without decimals unless `decimals` is given;
    None → ""."""
    if value is None or value == "":
        return ""
    number = float(to_arabic_digits(str(value)).replace(",", "")) if isinstance(value, str) else value
    if decimals is None:
        text = f"{int(number):,}" if float(number).is_integer() else f"{number:,}"
    else:
        text = f"{number:,.{decimals}f}"
    return digits(text, thai_digits)


def format_percent(value: float | int | None, thai_digits: bool, decimals: int = 0) -> str:
    """42 → "๔๒%" / "42%": one form on every screen (no space before the sign)."""
    if value is None:
        return ""
    return format_number(round(float(value), decimals) if decimals else round(float(value)), thai_digits,
                         decimals or None) + "%"


def format_count(value: float | int | None, unit: str, thai_digits: bool) -> str:
    """13, "หลัก" → "๑๓ หลัก"; the unit follows after a space, as Thai writes it."""
    return f"{format_number(value, thai_digits)} {unit}".strip()
