"""Trainings and the attendance desk: courses, roll-call schedules, enrolment, marking,
the 80 % rule, certificates, materials and anomalies. No Qt; every query of the area lives here."""

from typing import Any

from moi_desktop.db import Database
from moi_desktop.trainings.anomalies import Anomaly, anomalies
from moi_desktop.trainings.certificates import (
    CertificateBatch,
    certificate_batch,
    issue_certificates,
    record_printed,
    register,
)
from moi_desktop.trainings.eligibility import (
    CAN_REACH,
    CANNOT_REACH,
    ELIGIBLE,
    Eligibility,
    eligibility,
    eligibility_summary,
    sessions_needed,
)
from moi_desktop.trainings.enrol import (
    RegistrantImport,
    enrol_members,
    enrolled,
    enrolment_counts,
    import_registrants,
    is_enrolled,
    withdraw,
)
from moi_desktop.trainings.marking import (
    ALREADY,
    NOT_REGISTERED,
    MarkResult,
    close_session,
    close_with_excuses,
    find_member,
    last_marks,
    mark,
    mark_member,
    mark_substitute,
    reopen_session,
    search_names,
    session_counts,
    set_status,
    undo_mark,
    unmarked,
    walk_in,
)
from moi_desktop.trainings.materials import add_material, compute_materials, delete_material, update_material
from moi_desktop.trainings.model import ABSENT, EXCUSED, KINDS, LATE, PRESENT, SLOTS, STATUSES
from moi_desktop.trainings.schedule import (
    ScheduleResult,
    add_session,
    delete_session,
    friday_conflicts,
    generate_sessions,
    get_session,
    require_session,
    restore_session,
    session_label,
    sessions,
    update_session,
)
from moi_desktop.trainings.store import (
    create_training,
    delete_training,
    friday_areas,
    get_training,
    list_trainings,
    require_training,
    set_friday_areas,
    set_targets,
    targets,
    training_title,
    update_training,
)

__all__ = [
    "ABSENT", "ALREADY", "CANNOT_REACH", "CAN_REACH", "ELIGIBLE", "EXCUSED", "KINDS", "LATE", "NOT_REGISTERED",
    "PRESENT", "SLOTS", "STATUSES", "Anomaly", "CertificateBatch", "Eligibility", "MarkResult", "RegistrantImport",
    "ScheduleResult", "add_material", "add_session", "anomalies", "certificate_batch", "close_session",
    "close_with_excuses", "unmarked",
    "compute_materials", "create_training", "delete_material", "delete_session", "delete_training", "eligibility",
    "restore_session",
    "eligibility_summary", "enrol_members", "enrolled", "enrolment_counts", "find_member", "friday_areas",
    "friday_conflicts", "generate_sessions", "get_session", "get_training", "import_registrants", "info_extra",
    "is_enrolled", "issue_certificates", "last_marks", "list_trainings", "mark", "mark_member", "mark_substitute",
    "record_printed", "register", "reopen_session", "require_session", "require_training", "search_names",
    "session_counts", "session_label", "sessions", "sessions_needed", "set_friday_areas", "set_status",
    "set_targets", "targets", "training_title", "undo_mark", "update_material", "update_session",
    "update_training", "walk_in", "withdraw",
]  # fmt: skip


def info_extra(db: Database) -> dict[str, Any]:
    """`info --json`: every training with its sessions and their ids (scripts need the ids)."""
    if "trainings" not in db.table_names():
        return {}
    out = []
    for t in list_trainings(db):
        out.append({
            "id": t["id"], "name": t["name"], "kind": t["kind"], "cohort": t["cohort"],
            "start_date": t["start_date"], "end_date": t["end_date"], "enrolled": t["enrolled"],
            "sessions": [{"id": s["id"], "day": s["day"], "slot": s["slot"], "starts_at": s["starts_at"],
                          "late_after": s["late_after"], "closed": bool(s["closed_at"])}
                         for s in sessions(db, t["id"])],
        })
    return {"trainings": out}
