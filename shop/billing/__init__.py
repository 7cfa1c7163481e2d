"""The money ledger (workflow layer): payment attempts, captures and refunds.

Checkout, the back office and the withdrawal workflow call it; it calls the gateways of
shop.payments and moves orders through shop.orders. See docs/payments.md for the life cycle.
"""
