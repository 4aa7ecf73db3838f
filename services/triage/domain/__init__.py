"""Triage's pure rules: no I/O, no clock, no database; every input is passed in.

- `line_events`: a raw LINE webhook event (a dict) turned into a typed input.
- `cases`: the case lifecycle (waiting → assigned → closed), open/reopen/extend, the case level.
- `needs`: the skills a case needs, derived from its risk reasons.
- `group_chats`: the neutral reply to a group or room chat (its Japanese text; `replies` has it in
  every language, and a test keeps the two the same).
- automatic texts: `replies` (the catalog, in every language, with its Japanese gloss), `reply_rules`
  (which text goes when), `reply_language` (which language), `safe_words` (the safe-messaging
  check), `contacts` (the numbers given), `reply_texts` / `reply_format` / `reply_compose` (one
  language's file, dates and assembly), `prompt_choices` (quick-reply answers).
The queue, assignment, hours and SLA policies live beside these in their own modules.
"""
