"""The account page's forms: password, deletion, API tokens, own paintings."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from app.services import user_styles
from app.services.accounts import MIN_PASSWORD
from app.services.tokens import NAME_MAX


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    new = PasswordField("New password", validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
                        description=f"At least {MIN_PASSWORD} characters. Other devices are logged out.")
    confirm_new = PasswordField("Repeat new password", validators=[
        DataRequired(), EqualTo("new", message="The two passwords differ.")])
    submit = SubmitField("Change password")


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=200)],
                             description="Needed to delete the account. This cannot be undone.")
    submit = SubmitField("Delete my account")


class CreateTokenForm(FlaskForm):
    name = StringField("Token name", filters=[lambda v: v.strip() if isinstance(v, str) else v],
                       validators=[DataRequired("Give the token a name."), Length(max=NAME_MAX)],
                       description="Say where it will be used, for example “photo-folder script”.")
    submit = SubmitField("Create token")


class RevokeTokenForm(FlaskForm):
    """Revoking changes state, so it is a POST with a CSRF token."""
    submit = SubmitField("Revoke")


class UploadStyleForm(FlaskForm):
    image = FileField("A painting or picture", validators=[FileRequired("Choose a picture.")])
    name = StringField("Its name", validators=[Optional(), Length(max=user_styles.NAME_MAX)])
    submit = SubmitField("Add painting")


class DeleteStyleForm(FlaskForm):
    submit = SubmitField("Delete")
