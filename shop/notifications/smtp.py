"""Flask-Mail's SMTP connection, keeping the server's reply to DATA (« 250 … queued as … »):
the server's own id of the message, archived as proof it was accepted (CGV 13)."""

import smtplib

from flask_mail import Connection


class _KeepsDataReply:
    last_data_reply: tuple[int, bytes] | None = None

    def data(self, msg):
        reply = super().data(msg)
        self.last_data_reply = reply
        return reply


class _SMTP(_KeepsDataReply, smtplib.SMTP):
    pass


class _SMTPSSL(_KeepsDataReply, smtplib.SMTP_SSL):
    pass


class ReplyKeepingConnection(Connection):
    """A Flask-Mail connection whose `server_reply` is the last DATA reply, as text."""

    def configure_host(self):
        """Flask-Mail's own steps (SSL, STARTTLS, login) with our SMTP classes."""
        mail = self.mail
        host = _SMTPSSL(mail.server, mail.port) if mail.use_ssl else _SMTP(mail.server, mail.port)
        host.set_debuglevel(int(mail.debug))
        if mail.use_tls:
            host.starttls()
        if mail.username and mail.password:
            host.login(mail.username, mail.password)
        return host

    @property
    def server_reply(self) -> str:
        reply = getattr(self.host, "last_data_reply", None)
        if not reply:
            return ""
        code, text = reply
        return f"{code} {text.decode('utf-8', 'replace')}"[:500]
