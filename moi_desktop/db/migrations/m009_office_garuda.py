"""The office's Garuda image, kept in the database as PNG bytes (it used to be a path to a file on
one PC): it prints on every memo and letter, and travels with backups and restores. The office
profile stays on its PC (exchange LOCAL_ONLY), so the image never rides in a bundle."""

from moi_desktop.db.types import Database


def up(db: Database) -> None:
    office = db.table("office")
    if office.exists() and "garuda_png" not in office.columns_dict:
        office.add_column("garuda_png", bytes)
