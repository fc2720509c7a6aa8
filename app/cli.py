"""Operator commands (see ../shared/API.md): `flask --app wsgi users create EMAIL`
and `flask --app wsgi credits grant EMAIL N --reason TEXT`."""
import sys

import click
from flask.cli import AppGroup

from app.services import accounts, credits

users_cli = AppGroup("users", help="Manage user accounts.")
credits_cli = AppGroup("credits", help="Manage credit balances.")


@users_cli.command("create")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email: str, password_stdin: bool) -> None:
    """Create an account (with the usual welcome credits)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_user(email, password)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {user.email} with {credits.balance(user.id)} credits.")


@credits_cli.command("grant")
@click.argument("email")
@click.argument("amount", type=int)
@click.option("--reason", required=True, help="Why, for the ledger (e.g. a support ticket).")
def grant(email: str, amount: int, reason: str) -> None:
    """Add AMOUNT credits to an account as a ledger entry."""
    user = accounts.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with email {accounts.normalise_email(email)}.")
    if amount <= 0:
        raise click.ClickException("AMOUNT must be a positive number of credits.")
    credits.grant(user, amount, reason)
    click.echo(f"Granted {amount} credits to {user.email}; balance now {credits.balance(user.id)}.")
