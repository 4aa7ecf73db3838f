"""Demo data for the reports: a realistic fiscal year published through the real event path
(`python -m services.reports.demo`); never loaded in production by default (docs/reports.md)."""
