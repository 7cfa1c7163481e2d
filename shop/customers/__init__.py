"""Customers as staff see them: search, one customer's record, the payment dispute flag."""
