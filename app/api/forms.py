from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.api.auth import NAME_MAX


class CreateTokenForm(FlaskForm):
    name = StringField("Token name", filters=[lambda v: v.strip() if isinstance(v, str) else v],
                       validators=[DataRequired("Give the token a name."), Length(max=NAME_MAX)],
                       description="Say where it will be used, for example “photo-folder script”.")
    submit = SubmitField("Create token")


class RevokeTokenForm(FlaskForm):
    """Revoking changes state, so it is a POST with a CSRF token."""
    submit = SubmitField("Revoke")
