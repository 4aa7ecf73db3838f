"""Triage's work that is not one LINE event, and the steps LINE handling shares with it: assignment,
the SLA checker, system alerts, the periodic rounds, and the counselors' actions on a case (called by
the console API). Each is a class that takes, at construction, the few collaborators it uses."""
