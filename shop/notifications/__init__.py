"""E-mail: `send_email(to, subject, template, context=..., attachments=...)`."""

from shop.notifications.services import Attachment, deliver_email, send_email

__all__ = ["Attachment", "deliver_email", "send_email"]
