"""Results and evaluation of projects: milestones (phases) with their
targets, the actuals recorded per period against them, the after-action record (lessons learned)
and the beneficiaries' satisfaction survey counts.

All are sync-ready user data that travel in bundles (the exchange layer finds them by their
bookkeeping columns). Targets and actuals per household indicator are rows of their own, keyed by
id, so a target or an actual removed in one office travels as a tombstone.
"""

from moi_desktop.db.rows import create_sync_table
from moi_desktop.db.types import Database


def up(db: Database) -> None:
    create_sync_table(
        db,
        "milestones",
        {
            "project_id": str,
            "activity_id": str,  # optional: a milestone of one activity of the project
            "title": str,  # e.g. "ระยะที่ ๑: สำรวจครัวเรือนเป้าหมาย"
            "due_date": str,  # ISO: the phase ends (its targets are due) on this day
            "households_target": int,  # what this phase should achieve (not cumulative)
            "persons_target": int,
            "value_target": float,  # baht
            "note": str,
            "sort": int,
        },
        not_null={"project_id", "title", "due_date"},
        foreign_keys=[("project_id", "projects", "id"), ("activity_id", "activities", "id")],
    )
    db.table("milestones").create_index(["project_id", "due_date"])
    db.table("milestones").create_index(["activity_id"])

    create_sync_table(
        db,
        "milestone_indicator_targets",
        {"milestone_id": str, "indicator_id": str, "target": float},
        not_null={"milestone_id", "indicator_id", "target"},
        foreign_keys=[("milestone_id", "milestones", "id"), ("indicator_id", "indicators", "id")],
    )
    db.table("milestone_indicator_targets").create_index(["milestone_id"])

    create_sync_table(
        db,
        "milestone_actuals",
        {
            "milestone_id": str,
            "period_end": str,  # ISO: the last day of the period the figures are for
            "households": int,  # achieved in this period
            "persons": int,
            "value": float,
            # Required when the milestone's actual passes its target by more than 50 %: who
            # checked the figure and why it is right (seed 004's inspectors ask for real numbers).
            "confirm_note": str,
            "note": str,
        },
        not_null={"milestone_id", "period_end"},
        foreign_keys=[("milestone_id", "milestones", "id")],
    )
    db.table("milestone_actuals").create_index(["milestone_id", "period_end"])

    create_sync_table(
        db,
        "milestone_indicator_actuals",
        {"actual_id": str, "indicator_id": str, "value": float},
        not_null={"actual_id", "indicator_id", "value"},
        foreign_keys=[("actual_id", "milestone_actuals", "id"), ("indicator_id", "indicators", "id")],
    )
    db.table("milestone_indicator_actuals").create_index(["actual_id"])

    create_sync_table(
        db,
        "project_lessons",
        {
            "project_id": str,
            "recorded_on": str,  # ISO date of the after-action review
            "worked": str,  # สิ่งที่ทำได้ดี
            "problems": str,  # ปัญหาและอุปสรรค
            "solutions": str,  # แนวทางการแก้ไข
            "recommendations": str,  # ข้อเสนอแนะ
            "recorded_by": str,  # who wrote it up (a position, e.g. ปลัดอำเภอ)
        },
        not_null={"project_id", "recorded_on"},
        foreign_keys=[("project_id", "projects", "id")],
    )
    db.table("project_lessons").create_index(["project_id", "recorded_on"])

    create_sync_table(
        db,
        "project_satisfaction",
        {
            "project_id": str,
            "surveyed_on": str,  # ISO date
            "topic": str,  # what was asked, e.g. "ความพึงพอใจต่อโครงการโดยรวม"
            "level_5": int,  # มากที่สุด
            "level_4": int,  # มาก
            "level_3": int,  # ปานกลาง
            "level_2": int,  # น้อย
            "level_1": int,  # น้อยที่สุด
            "note": str,
        },
        not_null={"project_id", "surveyed_on", "level_5", "level_4", "level_3", "level_2", "level_1"},
        defaults={"level_5": 0, "level_4": 0, "level_3": 0, "level_2": 0, "level_1": 0},
        foreign_keys=[("project_id", "projects", "id")],
    )
    db.table("project_satisfaction").create_index(["project_id", "surveyed_on"])
