"""The reporting cycle: the calendar of what this office must report and when
(calendar.py, periods.py), one-step submission folders for the province (submission.py), the
province's side — importing folders, the status board, reminders and consolidated reports
(province.py) — and the governor's orders (orders.py)."""
