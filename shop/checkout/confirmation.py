"""Order confirmation e-mail (being written on the checkout branch)."""


def send_order_confirmation(order_id: int) -> None:
    """Job task: the confirmation e-mail with its PDFs."""
    raise NotImplementedError("confirmation e-mail lands with the checkout pages")
