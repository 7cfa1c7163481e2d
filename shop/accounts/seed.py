"""Demo accounts (the README gives their passwords); safe to run again."""

from shop.accounts.addresses import AddressData, add_address
from shop.accounts.models import User
from shop.accounts.services import Identity, find_user_by_email, register_user

DEMO_CUSTOMER = ("client@example.com", "demo-client-2026")
DEMO_ADMIN = ("admin@pronutri.example", "demo-admin-2026")


def seed_accounts() -> list[User]:
    """Create the demo customer (with one address) and the demo admin if missing; caller commits."""
    customer = find_user_by_email(DEMO_CUSTOMER[0]) or register_user(
        *DEMO_CUSTOMER, Identity(first_name="Camille", last_name="Martin")
    )
    if not customer.addresses:
        add_address(customer, AddressData(
            label="Maison", first_name="Camille", last_name="Martin",
            line1="12 rue des Lilas", postal_code="06000", city="Nice",
            phone="06 12 34 56 78",
        ))
    admin = find_user_by_email(DEMO_ADMIN[0]) or register_user(
        *DEMO_ADMIN, Identity(first_name="Alex", last_name="Admin"), role="admin"
    )
    return [customer, admin]
