"""Domain errors of the accounts package; messages are French and safe to show."""


class AccountError(Exception):
    """A rule about accounts was broken."""


class InvalidInput(AccountError):
    """Submitted data broke one or more rules; `errors` maps field names to French messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class OrderingBlocked(AccountError):
    """This customer may not place an order now (payment dispute, closed account)."""
