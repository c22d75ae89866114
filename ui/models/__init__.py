"""Qt table models over core queries (filter, sort and page in SQL; no SQL here)."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

# The index Qt hands to a model's rowCount(), data(), ...: either kind.
type ModelIndex = QModelIndex | QPersistentModelIndex
