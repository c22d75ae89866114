"""Trainings and the attendance desk.

trainings, training_sessions, training_materials and certificates are sync-ready user data.
training_targets, enrolments and attendance are link tables on natural keys (training × district,
training × member, session × member) that still carry created_at / updated_at / origin /
deleted_at so they travel in bundles. attendance_events is the desk's scan log: every scan, its
result and who scanned it — the evidence behind the anomalies report (double scans, substitutes,
walk-ins, marks faster than a person can walk up). Session times are local (Asia/Bangkok) wall
clock "HH:MM" as printed on the schedule; mark times are UTC like every other timestamp.
"""

from moi_desktop.db.rows import create_sync_table
from moi_desktop.db.types import Database

_LINK = {"created_at": str, "updated_at": str, "origin": str, "deleted_at": str}
_LINK_NOT_NULL = {"created_at", "updated_at", "origin"}


def up(db: Database) -> None:
    create_sync_table(
        db,
        "trainings",
        {
            "name": str,  # หลักสูตร / course name
            "kind": str,  # dcast / leader / one_plan / forum / other
            "cohort": int,  # รุ่นที่
            "venue": str,
            "venue_province_code": str,
            "venue_district_code": str,
            "organiser": str,
            "start_date": str,  # ISO date
            "end_date": str,
            "threshold_pct": float,  # certificate threshold, percent points (80.0)
            "excused_counts": int,  # 1: ลา with a reason counts as attended for the threshold
            "close_marks_absent": int,  # 1: closing a session marks the unmarked absent
            "target_total": int,
            "signatories": str,  # JSON [[name, position], ...] printed on certificates
            "certificate_heading": str,  # เกียรติบัตร / วุฒิบัตร
            "notes": str,
        },
        not_null={"name", "kind", "start_date", "end_date", "threshold_pct", "excused_counts", "close_marks_absent"},
        defaults={"kind": "other", "threshold_pct": 80.0, "excused_counts": 0, "close_marks_absent": 1},
        foreign_keys=[
            ("venue_province_code", "provinces", "province_code"),
            ("venue_district_code", "districts", "district_code"),
        ],
    )
    db.table("trainings").create_index(["start_date"])

    db.table("training_targets").create(
        {"training_id": str, "dimension": str, "code": str, "target": int, **_LINK},
        pk=("training_id", "dimension", "code"),  # dimension: district (district code) / sector (sector code)
        not_null={"target"} | _LINK_NOT_NULL,
        foreign_keys=[("training_id", "trainings", "id")],
    )

    create_sync_table(
        db,
        "training_sessions",
        {
            "training_id": str,
            "day": str,  # ISO date
            "slot": str,  # morning / noon / evening / other
            "label": str,  # e.g. ภาคเช้า
            "starts_at": str,  # "08:30" local
            "late_after": str,  # "09:00" local: a scan after this is late
            "ends_at": str,
            "closed_at": str,  # UTC ISO, set when the session is closed
            "closed_by": str,
        },
        not_null={"training_id", "day", "slot", "starts_at"},
        foreign_keys=[("training_id", "trainings", "id")],
    )
    db.table("training_sessions").create_index(["training_id", "day", "starts_at"])

    db.table("enrolments").create(
        {
            "training_id": str,
            "member_id": str,
            "source": str,  # picked / import / walk_in / substitute
            "district_code": str,  # the district the person represents (for targets and summaries)
            "substitute_for": str,  # member id of the registered person they replace, if any
            "enrolled_by": str,
            **_LINK,
        },
        pk=("training_id", "member_id"),
        not_null={"source"} | _LINK_NOT_NULL,
        foreign_keys=[
            ("training_id", "trainings", "id"),
            ("member_id", "members", "id"),
            ("district_code", "districts", "district_code"),
            ("substitute_for", "members", "id"),
        ],
    )
    db.table("enrolments").create_index(["member_id"])

    db.table("attendance").create(
        {
            "session_id": str,
            "member_id": str,
            "status": str,  # present / late / excused / absent
            "marked_at": str,  # UTC ISO
            "marked_by": str,  # username (the actor)
            "method": str,  # scan / typed / paper / close / bulk
            "substitute_for": str,  # member id of the registered X when this person Y attends for X
            "reason": str,  # for excused (ลา) and corrections
            **_LINK,
        },
        pk=("session_id", "member_id"),  # the (session_id, member_id) index eligibility relies on
        not_null={"status", "marked_at", "marked_by", "method"} | _LINK_NOT_NULL,
        foreign_keys=[
            ("session_id", "training_sessions", "id"),
            ("member_id", "members", "id"),
            ("substitute_for", "members", "id"),
        ],
    )
    db.table("attendance").create_index(["member_id"])
    db.table("attendance").create_index(["updated_at"])

    create_sync_table(
        db,
        "attendance_events",
        {
            "session_id": str,
            "member_id": str,  # NULL when the code matched nobody
            "code_kind": str,  # member_id / national_id / name / none
            "result": str,  # present / late / already / not_registered / unknown / undo / walk_in / substitute
            "at": str,  # UTC ISO
            "by_user": str,
            "method": str,
            "detail": str,  # e.g. the registered member a substitute stands for
        },
        not_null={"session_id", "result", "at", "by_user"},
        foreign_keys=[("session_id", "training_sessions", "id")],
    )
    db.table("attendance_events").create_index(["session_id", "at"])

    create_sync_table(
        db,
        "training_materials",
        {
            "training_id": str,
            "name": str,
            "unit": str,  # ชิ้น / เล่ม / ชุด …
            "basis": str,  # per_person / per_group / per_session / fixed
            "quantity": float,  # per person, per group, per session, or the fixed amount
            "group_size": int,  # N for per_group
            "spare_pct": float,
            "unit_price": float,
            "sort": int,
            "notes": str,
        },
        not_null={"training_id", "name", "basis", "quantity", "spare_pct"},
        defaults={"spare_pct": 0.0, "quantity": 1.0},
        foreign_keys=[("training_id", "trainings", "id")],
    )
    db.table("training_materials").create_index(["training_id", "sort"])

    create_sync_table(
        db,
        "certificates",
        {
            "training_id": str,
            "member_id": str,
            "year_be": int,  # serials restart every Buddhist-era year
            "serial_no": int,
            "serial": str,  # "12/2565" as printed (Arabic digits; documents convert)
            "issued_on": str,  # ISO date
            "issued_by": str,
            "attendance_pct": float,  # at issue
            "eligible": int,  # met the threshold at issue
            "override_reason": str,  # the written reason when issued to an ineligible person
            "print_count": int,
            "last_printed_at": str,
        },
        not_null={"training_id", "member_id", "year_be", "serial_no", "serial", "issued_on", "issued_by",
                  "eligible", "print_count"},
        defaults={"print_count": 0},
        foreign_keys=[("training_id", "trainings", "id"), ("member_id", "members", "id")],
    )
    db.execute("CREATE UNIQUE INDEX idx_certificates_serial ON certificates(year_be, serial_no)")
    db.execute(
        "CREATE UNIQUE INDEX idx_certificates_person ON certificates(training_id, member_id) WHERE deleted_at IS NULL"
    )
