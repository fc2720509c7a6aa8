from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.services.accounts import MIN_PASSWORD


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SignupForm(FlaskForm):
    email = EmailField("Email", filters=[_strip], validators=[
        DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
                             description=f"At least {MIN_PASSWORD} characters.")
    confirm = PasswordField("Repeat password", validators=[
        DataRequired(), EqualTo("password", message="The two passwords differ.")])
    submit = SubmitField("Create my account")


class LoginForm(FlaskForm):
    email = EmailField("Email", filters=[_strip], validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Log in")


class LogoutForm(FlaskForm):
    """Logging out changes state, so it is a POST with a CSRF token."""
    submit = SubmitField("Log out")


class ResetRequestForm(FlaskForm):
    email = EmailField("Email", filters=[_strip], validators=[DataRequired(), Length(max=254)])
    submit = SubmitField("Email me a link")


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
                             description=f"At least {MIN_PASSWORD} characters.")
    confirm = PasswordField("Repeat new password", validators=[
        DataRequired(), EqualTo("password", message="The two passwords differ.")])
    submit = SubmitField("Set my new password")
