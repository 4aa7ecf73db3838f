"""Triage's pure rules: no I/O, no clock, no database; every input is passed in.

- `line_events`: a raw LINE webhook event (a dict) turned into a typed input.
- `cases`: the case lifecycle (waiting → assigned → closed), open/reopen/extend, the case level.
- `needs`: the skills a case needs, derived from its risk reasons.
- `group_chats`: the neutral reply to a group or room chat.
The queue, assignment, hours, SLA and reply policies live beside these in their own modules.
"""
