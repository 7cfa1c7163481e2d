"""Orders taken by phone or e-mail: the staff-side cart, placing the order, the payment link."""
