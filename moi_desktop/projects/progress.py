"""A project's progress, defined once (activities at 100 % beside their project at 42 %).

A project that has activities progresses as they do: its progress is the mean of its live
activities' progress, each activity weighing the same. Only a project without activities shows the
figure recorded on the project itself, and says so ("บันทึกเอง"). Every screen and report shows
a percentage the same way: format_percent() — whole numbers, Thai digits, "๔๒%".
"""

from collections.abc import Mapping
from typing import Any

from moi_desktop.thai import numbers

FROM_ACTIVITIES, RECORDED = "activities", "recorded"
SOURCE_LABELS = {FROM_ACTIVITIES: "เฉลี่ยจากกิจกรรม", RECORDED: "บันทึกเอง"}


def project_progress(row: Mapping[str, Any]) -> tuple[int | None, str]:
    """(percent, source) of a project row carrying `progress`, `activities_count` and
    `activities_progress` (list_projects and get_project rows do)."""
    if row.get("activities_count") and row.get("activities_progress") is not None:
        return _whole(row["activities_progress"]), FROM_ACTIVITIES
    recorded = row.get("progress")
    return (None if recorded is None else _whole(recorded)), RECORDED


def _whole(value: float) -> int:
    return int(float(value) + 0.5)  # half up: 41.5 → 42, as people round


def format_percent(value: float | None, *, thai_digits: bool = True) -> str:
    """"๔๒%" ("" for no value)."""
    # rounded half up first (as people round), then the one percentage formatter of the program
    return "" if value is None else numbers.format_percent(_whole(value), thai_digits)


def progress_text(row: Mapping[str, Any], *, thai_digits: bool = True, always_label: bool = False) -> str:
    """"๔๒%" for a project whose activities give its progress, "๔๒% (บันทึกเอง)" otherwise
    (`always_label` names the source in both cases)."""
    value, source = project_progress(row)
    if value is None:
        return ""
    text = format_percent(value, thai_digits=thai_digits)
    if source == RECORDED or always_label:
        text += f" ({SOURCE_LABELS[source]})"
    return text
