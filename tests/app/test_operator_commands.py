"""The operator commands of ../shared/API.md."""
from app.services import accounts, credits


def test_an_operator_creates_a_user_with_a_password_from_stdin(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "Op@Example.com", "--password-stdin"],
                                          input="a long enough password\n")
    assert result.exit_code == 0, result.output
    user = accounts.authenticate("op@example.com", "a long enough password")
    assert user is not None and credits.balance(user.id) == 3


def test_an_operator_grants_credits_with_a_reason_in_the_ledger(app, user):
    result = app.test_cli_runner().invoke(args=["credits", "grant", user.email, "10",
                                                "--reason", "Support ticket 42"])
    assert result.exit_code == 0, result.output
    assert credits.balance(user.id) == 13
    assert credits.history(user.id)[0].reason == "Support ticket 42"


def test_granting_to_an_unknown_email_fails_clearly(app):
    result = app.test_cli_runner().invoke(args=["credits", "grant", "nobody@example.com", "5",
                                                "--reason", "x"])
    assert result.exit_code != 0 and "No account" in result.output
