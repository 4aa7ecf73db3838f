"""Notifier's use cases: sending a LINE request, accepting a partner alert, delivering it on its
retry schedule (the scheduler), and the result events they publish."""
