"""`flask users create --role admin|staff|customer EMAIL` and `flask users set-role EMAIL ROLE`."""

import os

import click
from flask.cli import AppGroup

from shop.accounts.errors import InvalidInput
from shop.accounts.models import ROLES
from shop.accounts.services import Identity, find_user_by_email, register_user, set_role
from shop.extensions import db

PASSWORD_ENV = "SHOP_USER_PASSWORD"  # noqa: S105 (a variable name)

users_cli = AppGroup("users", help="Comptes : création et rôles.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="customer", show_default=True)
@click.option("--first-name", default="", help="Prénom.")
@click.option("--last-name", default="", help="Nom.")
def create_user_command(email: str, role: str, first_name: str, last_name: str) -> None:
    """Create an account; the password is asked, or read from SHOP_USER_PASSWORD."""
    password = os.environ.get(PASSWORD_ENV) or click.prompt(
        "Mot de passe (12 caractères au moins)", hide_input=True, confirmation_prompt=True
    )
    identity = Identity(first_name=first_name or "-", last_name=last_name or "-")
    try:
        user = register_user(email, password, identity, role=role)
    except InvalidInput as error:
        raise click.ClickException(" ".join(error.errors.values())) from None
    db.session.commit()
    click.echo(f"Compte {user.email} créé (rôle : {user.role}).")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def set_role_command(email: str, role: str) -> None:
    """Change an existing account's role."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Aucun compte avec l'adresse {email}.")
    set_role(user, role)
    db.session.commit()
    click.echo(f"Compte {user.email} : rôle {user.role}.")
