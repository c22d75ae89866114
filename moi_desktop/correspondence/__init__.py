"""Official correspondence (issue 14): the officials who sign, the outgoing register
(ทะเบียนหนังสือส่ง) and the letters written in the program. No Qt; rendering goes through
moi_desktop/documents/."""

from moi_desktop.correspondence.letters import (
    Letter,
    cancel_letter,
    covering_memo,
    delete_draft,
    duplicate_letter,
    get_letter,
    issue_letter,
    letter_spec,
    list_letters,
    new_letter,
    render_letter,
    update_letter,
)
from moi_desktop.correspondence.officials import (
    Official,
    add_official,
    deactivate_official,
    get_official,
    list_officials,
    update_official,
)
from moi_desktop.correspondence.register import (
    KINDS,
    OutgoingEntry,
    cancel_number,
    get_entry,
    issue_number,
    list_register,
    ref_number,
    reference_text,
)

__all__ = [
    "KINDS",
    "Letter",
    "cancel_letter",
    "covering_memo",
    "delete_draft",
    "duplicate_letter",
    "get_letter",
    "issue_letter",
    "letter_spec",
    "list_letters",
    "new_letter",
    "render_letter",
    "update_letter",
    "Official",
    "OutgoingEntry",
    "add_official",
    "cancel_number",
    "deactivate_official",
    "get_entry",
    "get_official",
    "issue_number",
    "list_officials",
    "list_register",
    "ref_number",
    "reference_text",
    "update_official",
]
