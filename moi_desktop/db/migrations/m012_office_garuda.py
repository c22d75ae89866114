"""The office's Garuda image, kept in the database as PNG bytes (it used to be a path to a file on
one PC): it prints on every memo and letter, and travels with backups and restores. The office
profile stays on its PC (exchange LOCAL_ONLY), so the image never rides in a bundle.

An office that had named a usable Garuda file keeps it: the file is read into the database once
(a file that is gone or not a usable transparent PNG is left for the office to choose again). The
row's seal (m011) covered the old garuda_path, and a migration cannot reach the seal key: the seal
is dropped, and the open that runs this migration seals the row as it now is (security/integrity.py).
"""

import logging
from pathlib import Path

from moi_desktop.db.types import Database
from moi_desktop.errors import UserError

log = logging.getLogger(__name__)


def up(db: Database) -> None:
    office = db.table("office")
    if not office.exists() or "garuda_png" in office.columns_dict:
        return
    office.add_column("garuda_png", bytes)
    rows = db.execute("SELECT id, garuda_path FROM office WHERE garuda_path > ''").fetchall()
    if not rows:
        return
    # deferred: the image checks pull in Pillow and reportlab, needed only by an office with a file
    from moi_desktop.documents.garuda import read_garuda_file

    for row_id, path in rows:
        try:
            image = read_garuda_file(path)
        except UserError as exc:
            log.warning("the office's Garuda file %s was not kept: %s", path, exc.message)
            continue
        db.execute("UPDATE office SET garuda_png = ?, garuda_path = ? WHERE id = ?",
                   [image.data, Path(path).name, row_id])
        db.execute("DELETE FROM row_seals WHERE table_name = 'office' AND row_key = ?", [str(row_id)])
