"""Qt table models over core queries (filter, sort and page in SQL; no SQL here)."""
