"""Triage's work that is not one LINE event: assignment, the SLA checker, system alerts, the periodic
loops, and the counselors' actions on a case (called by the console API)."""
