from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length


class BuyForm(FlaskForm):
    """One per pack on the account page. Only the pack's id is sent: the price
    comes from the server's own pack table."""
    pack = HiddenField(validators=[DataRequired(), Length(max=32)])


class DemoPayForm(FlaskForm):
    """Only its CSRF token: paying the demo takes no input."""
