"""mail archive: the development outbox becomes the archive of every e-mail sent (CGV 13)

Revision ID: 839f04095ba0
Revises: cd1c0f43d657
Create Date: 2026-12-02 17:41:47.713624

Every row of the development outbox survives: each message is copied with its id, marked
`outbox` (kept, never sent) and tied to the account whose address it was sent to, when one
has it; each attachment's bytes move from the database to the storage (`shop.storage`, by
SHA-256, the same file once) and its row keeps its id. Then the two outbox tables go.
Downgrading copies the archive back into the outbox tables, reading the files back.
"""
import hashlib

from alembic import op
import sqlalchemy as sa

import shop.db


# revision identifiers, used by Alembic.
revision = '839f04095ba0'
down_revision = 'cd1c0f43d657'
branch_labels = None
depends_on = None

PREFIX = "mail-attachments"  # shop.notifications.archive.ATTACHMENTS_PREFIX when written
WHEN = shop.db.UTCDateTime(timezone=True)

old_message = sa.table(
    'outbox_message', sa.column('id', sa.Integer), sa.column('sender', sa.String),
    sa.column('recipients', sa.JSON), sa.column('subject', sa.String),
    sa.column('text_body', sa.Text), sa.column('html_body', sa.Text),
    sa.column('created_at', WHEN),
)
old_attachment = sa.table(
    'outbox_attachment', sa.column('id', sa.Integer), sa.column('message_id', sa.Integer),
    sa.column('filename', sa.String), sa.column('mimetype', sa.String),
    sa.column('content', sa.LargeBinary),
)
new_message = sa.table(
    'mail_message', sa.column('id', sa.Integer), sa.column('sender', sa.String),
    sa.column('recipients', sa.JSON), sa.column('subject', sa.String),
    sa.column('template', sa.String), sa.column('text_body', sa.Text),
    sa.column('html_body', sa.Text), sa.column('user_id', sa.Integer),
    sa.column('status', sa.String), sa.column('message_id', sa.String),
    sa.column('attempts', sa.Integer), sa.column('created_at', WHEN),
    sa.column('last_attempt_at', WHEN),
)
new_attachment = sa.table(
    'mail_attachment', sa.column('id', sa.Integer), sa.column('message_id', sa.Integer),
    sa.column('filename', sa.String), sa.column('mimetype', sa.String),
    sa.column('size', sa.Integer), sa.column('sha256', sa.String),
    sa.column('storage_key', sa.String),
)
users = sa.table('user_account', sa.column('id', sa.Integer), sa.column('email', sa.String))


def _storage():
    from shop.storage import storage  # the app's storage: flask db upgrade runs in its context

    return storage()


def _reset_sequence(bind, table: str) -> None:
    """Ids were copied: PostgreSQL's sequence must start after them."""
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"))


def _copy_outbox_into_archive(bind) -> None:
    accounts = {email.lower(): id_ for id_, email in bind.execute(
        sa.select(users.c.id, users.c.email))}
    for row in bind.execute(sa.select(old_message).order_by(old_message.c.id)).mappings():
        recipients = list(row['recipients'] or [])
        owner = accounts.get(recipients[0].lower()) if len(recipients) == 1 else None
        bind.execute(new_message.insert().values(
            id=row['id'], sender=row['sender'], recipients=recipients, subject=row['subject'],
            template='', text_body=row['text_body'], html_body=row['html_body'], user_id=owner,
            status='outbox', message_id='', attempts=1, created_at=row['created_at'],
            last_attempt_at=row['created_at']))
    files = None
    for row in bind.execute(sa.select(old_attachment).order_by(old_attachment.c.id)).mappings():
        files = files or _storage()
        content = bytes(row['content'])
        digest = hashlib.sha256(content).hexdigest()
        key = f"{PREFIX}/sha256/{digest}"
        if not files.exists(key):
            files.put(key, content, row['mimetype'])
        bind.execute(new_attachment.insert().values(
            id=row['id'], message_id=row['message_id'], filename=row['filename'],
            mimetype=row['mimetype'], size=len(content), sha256=digest, storage_key=key))
    _reset_sequence(bind, 'mail_message')
    _reset_sequence(bind, 'mail_attachment')


def upgrade():
    op.create_table('mail_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender', sa.String(length=300), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('template', sa.String(length=60), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('message_id', sa.String(length=250), nullable=False),
    sa.Column('server_reply', sa.String(length=500), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', shop.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_attempt_at', shop.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', shop.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'sent', 'failed', 'outbox')", name=op.f('ck_mail_message_status')),
    sa.ForeignKeyConstraint(['order_id'], ['customer_order.id'], name=op.f('fk_mail_message_order_id_customer_order')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_mail_message_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_message'))
    )
    with op.batch_alter_table('mail_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_message_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_mail_message_order_id_created_at', ['order_id', 'created_at'], unique=False)
        batch_op.create_index('ix_mail_message_user_id_created_at', ['user_id', 'created_at'], unique=False)

    op.create_table('mail_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('mimetype', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['mail_message.id'], name=op.f('fk_mail_attachment_message_id_mail_message'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_attachment'))
    )
    with op.batch_alter_table('mail_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_attachment_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_attachment_storage_key'), ['storage_key'], unique=False)

    _copy_outbox_into_archive(op.get_bind())

    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attachment_message_id'))
    op.drop_table('outbox_attachment')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_created_at'))
    op.drop_table('outbox_message')


def _copy_archive_into_outbox(bind) -> None:
    for row in bind.execute(sa.select(new_message).order_by(new_message.c.id)).mappings():
        bind.execute(old_message.insert().values(
            id=row['id'], sender=row['sender'], recipients=row['recipients'],
            subject=row['subject'], text_body=row['text_body'], html_body=row['html_body'],
            created_at=row['created_at']))
    files = None
    for row in bind.execute(sa.select(new_attachment).order_by(new_attachment.c.id)).mappings():
        files = files or _storage()
        bind.execute(old_attachment.insert().values(
            id=row['id'], message_id=row['message_id'], filename=row['filename'],
            mimetype=row['mimetype'], content=files.get(row['storage_key'])))
    _reset_sequence(bind, 'outbox_message')
    _reset_sequence(bind, 'outbox_attachment')


def downgrade():
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender', sa.String(length=300), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=False),
    sa.Column('created_at', shop.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_created_at'), ['created_at'], unique=False)

    op.create_table('outbox_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('mimetype', sa.String(length=100), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_message.id'], name=op.f('fk_outbox_attachment_message_id_outbox_message'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attachment'))
    )
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attachment_message_id'), ['message_id'], unique=False)

    _copy_archive_into_outbox(op.get_bind())

    with op.batch_alter_table('mail_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_attachment_storage_key'))
        batch_op.drop_index(batch_op.f('ix_mail_attachment_message_id'))
    op.drop_table('mail_attachment')
    with op.batch_alter_table('mail_message', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_message_user_id_created_at')
        batch_op.drop_index('ix_mail_message_order_id_created_at')
        batch_op.drop_index(batch_op.f('ix_mail_message_created_at'))
    op.drop_table('mail_message')
