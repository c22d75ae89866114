"""Meetings: monthly follow-up meetings — agenda, attendance (through the trainings'
desk, in the meeting's own rows), resolutions, follow-up actions and minutes. No Qt; every query
of the area lives here."""

from moi_desktop.meetings.actions import (
    actions,
    add_action,
    carried_actions,
    overdue_actions,
    set_action_status,
    update_action,
)
from moi_desktop.meetings.attendance import (
    MeetingRoll,
    add_participant,
    attendance_rows,
    clear_attendance,
    meeting_counts,
    record_substitute,
    set_invitee_status,
)
from moi_desktop.meetings.minutes import (
    agenda,
    build_minutes_spec,
    issue_minutes,
    minutes_spec,
    render_meeting_minutes,
)
from moi_desktop.meetings.model import ACTION_STATUSES, AGENDA, MINUTES_STATUSES
from moi_desktop.meetings.store import (
    add_invitee,
    add_item,
    certify_previous,
    create_meeting,
    delete_item,
    delete_meeting,
    get_meeting,
    invitees,
    items,
    list_meetings,
    meeting_title,
    meetings_on,
    number_text,
    previous_meeting,
    remove_invitee,
    require_meeting,
    resolve_item,
    series_names,
    update_item,
    update_meeting,
)

__all__ = [
    "ACTION_STATUSES", "AGENDA", "MINUTES_STATUSES", "MeetingRoll", "actions", "add_action", "add_invitee",
    "add_item", "add_participant", "agenda", "attendance_rows", "build_minutes_spec", "carried_actions",
    "certify_previous", "clear_attendance", "create_meeting", "delete_item", "delete_meeting", "get_meeting",
    "invitees", "issue_minutes", "items", "list_meetings", "meeting_counts", "meeting_title", "meetings_on",
    "minutes_spec",
    "number_text", "overdue_actions", "previous_meeting", "record_substitute", "remove_invitee",
    "render_meeting_minutes", "require_meeting", "resolve_item", "series_names", "set_action_status",
    "set_invitee_status", "update_action", "update_item", "update_meeting",
]  # fmt: skip
