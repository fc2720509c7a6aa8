from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SubmitField

from models.catalogue import load_catalogue


class CreateForm(FlaskForm):
    photo = FileField("Your photo", validators=[FileRequired("Choose a photo to upload.")])
    style = RadioField("Style", validate_choice=False)
    submit = SubmitField("Paint it")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style.choices = [(s.slug, s.title) for s in load_catalogue()]
        if not self.style.data:
            self.style.data = self.style.choices[0][0]


class DeleteForm(FlaskForm):
    """Deleting asks first: a POST without confirm=yes shows a confirmation page
    (the JavaScript confirm dialog sets it after asking)."""
    confirm = HiddenField()
    submit = SubmitField("Delete")


class RestyleForm(FlaskForm):
    """The same photo in another style (a new job, one credit)."""
    style = RadioField("Style", validate_choice=False)
    submit = SubmitField("Paint it in this style")

    def __init__(self, *args, exclude: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.style.choices = [(s.slug, s.title) for s in load_catalogue() if s.slug != exclude]
        if not self.style.data:
            self.style.data = self.style.choices[0][0]


class StopForm(FlaskForm):
    """Stop a masterpiece early and keep the picture it has."""
    submit = SubmitField("Stop and keep this picture")


class ShareForm(FlaskForm):
    """Share one result by a public link, or stop sharing it (a CSRF-checked POST)."""
    submit = SubmitField("Share")
