"""The 7-partner network registry (ภาคีเครือข่าย ๗ ภาคี): members, search, duplicates, merge, PDPA."""

from typing import Any

from moi_desktop.db import Database
from moi_desktop.members.duplicates import (
    DUPLICATE_ID,
    DUPLICATE_NAME_PHONE,
    SIMILAR_NAME,
    DuplicateIndex,
    Match,
    find_duplicates,
    possible_duplicates,
)
from moi_desktop.members.labels import code_label
from moi_desktop.members.merge import MergeResult, merge_history, merge_members, proposed_values, resolve_member_id
from moi_desktop.members.model import FIELDS, LABELS, LAWFUL_BASES, TEAM_ROLE_CODES, display_name
from moi_desktop.members.pdpa import (
    erase_person,
    export_person,
    get_retention_years,
    retention_candidates,
    set_retention_years,
    write_person_export,
)
from moi_desktop.members.search import MemberQuery, count_members, member_ids, search_members
from moi_desktop.members.store import (
    add_member,
    check_member,
    delete_member,
    get_member,
    photo_path,
    restore_member,
    set_active,
    set_photo,
    update_member,
)
from moi_desktop.members.validate import ERROR, WARNING, Problem, clean_member, field_problem

__all__ = [
    "DUPLICATE_ID",
    "DUPLICATE_NAME_PHONE",
    "ERROR",
    "FIELDS",
    "LABELS",
    "LAWFUL_BASES",
    "SIMILAR_NAME",
    "TEAM_ROLE_CODES",
    "WARNING",
    "DuplicateIndex",
    "Match",
    "MemberQuery",
    "MergeResult",
    "Problem",
    "add_member",
    "check_member",
    "clean_member",
    "code_label",
    "count_members",
    "delete_member",
    "display_name",
    "erase_person",
    "export_person",
    "field_problem",
    "find_duplicates",
    "get_member",
    "member_ids",
    "merge_history",
    "merge_members",
    "photo_path",
    "possible_duplicates",
    "proposed_values",
    "resolve_member_id",
    "restore_member",
    "retention_candidates",
    "get_retention_years",
    "set_retention_years",
    "search_members",
    "set_active",
    "set_photo",
    "team_roles",
    "update_member",
    "write_person_export",
]


def team_roles(db: Database) -> list[dict[str, Any]]:
    """Team role codes with Thai names, in display order."""
    return [dict(r) for r in db.query("SELECT code, name_th FROM team_roles ORDER BY sort")]
