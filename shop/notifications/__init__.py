"""E-mail: `send_email(to, subject, template, context=..., attachments=..., order_id=...,
user_id=...)`, every message archived (CGV 13)."""

from shop.notifications.services import Attachment, deliver_email, send_email

__all__ = ["Attachment", "deliver_email", "send_email"]
