"""Outreach's use cases, each a class taking the few collaborators it uses: recording requests and
withdrawals (`intake`), scheduling (`scheduling`), cancelling (`cancelling`), her answers
(`answers`), the day itself (`the_day`), the periodic rounds (`rounds`, `periodic`) and the figures."""
