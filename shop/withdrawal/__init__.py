"""Withdrawal declarations, their state machine and the online withdrawal function (issue 17)."""
