"""Checkout: from the cart to a paid order (steps, payment wiring, confirmation)."""
