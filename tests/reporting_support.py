"""Helpers for the reporting-cycle tests: a district office ready to submit (Garuda, a project
with a payment in the period), and a province."""

from moi_desktop.db.rows import insert_row

SUBMIT_PASSWORD = "รหัสผ่าน-ทดสอบ-2565"


def ready_office(db, *, budget: float = 100_000.0, paid: float = 25_000.0, month: str = "2026-11") -> None:
    """Give the office a (placeholder) Garuda and one project with one payment in `month`."""
    from moi_desktop.documents.garuda import placeholder_garuda
    from moi_desktop.office import set_office_garuda

    set_office_garuda(db, placeholder_garuda(), "placeholder-garuda.png")
    office = db.execute("SELECT district_code FROM office").fetchone()[0]
    project = insert_row(db, "projects", {"title": f"โครงการทดสอบ {office}", "category": 1, "district_code": office,
                                          "start_date": f"{month}-01", "status": "in_progress"})
    insert_row(db, "project_budgets", {"project_id": project, "source": "moi", "amount": budget})
    insert_row(db, "disbursements", {"project_id": project, "paid_on": f"{month}-15", "amount": paid})
