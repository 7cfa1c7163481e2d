"""Customer accounts: consumers and professionals, staff roles, personal data.

The web face lives in `shop.accounts.views` (blueprint `accounts`, under /compte).
"""
