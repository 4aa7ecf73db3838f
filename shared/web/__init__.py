"""What every service's JSON API shares: error bodies, security headers, reading JSON bodies safely,
writing responses, and checking the staff member a request acts for (one login, `staff.py`)."""
