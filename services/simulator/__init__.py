"""LINE platform simulator (development and tests only; never deployed to production)."""
