"""Notifier's pure rules: no I/O, no clocks read here (times are passed in)."""
