from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SubmitField

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
    submit = SubmitField("Delete")
