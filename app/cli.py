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


jobs_cli = AppGroup("jobs", help="Operate the job system.")


@jobs_cli.command("health")
@click.option("--timeout", default=2.0, show_default=True, help="Seconds to wait for workers.")
def jobs_health(timeout: float) -> None:
    """Database, broker and workers: exits 1 if any is down."""
    from app.services import health

    counts = health.job_counts()
    broker = health.broker_reachable()
    workers = health.workers_answering(timeout) if broker else []
    click.echo(f"database: ok ({', '.join(f'{k} {v}' for k, v in sorted(counts.items())) or 'no jobs'})")
    click.echo(f"broker:   {'ok' if broker else 'UNREACHABLE'}")
    click.echo(f"workers:  {', '.join(workers) if workers else 'NONE ANSWERED'}")
    click.echo(f"stale jobs (the sweeper will re-send them): {health.stale_jobs()}")
    if not (broker and workers):
        raise SystemExit(1)


@jobs_cli.command("sweep")
def jobs_sweep() -> None:
    """Re-send stale jobs now (the workers also do this periodically)."""
    from app.services import sweeper

    click.echo(f"re-sent or failed {sweeper.sweep()} stale jobs")


@jobs_cli.command("purge")
@click.option("--days", type=int, default=None, help="Override RESULT_RETENTION_DAYS.")
def jobs_purge(days: int | None) -> None:
    """Delete finished jobs (photos and results) older than the retention period."""
    from app.services import retention

    click.echo(f"deleted {retention.purge_expired(days)} expired jobs")
