"""The create form's options: strength, "keep my photo's colours", the brush size,
painting with your own picture, and the mode (Instant or Masterpiece: app/main/modes.py). A subclass
of the website's CreateForm, so its file stays as it is; `job_options` turns a valid
form into jobs.submit's keyword arguments."""
from __future__ import annotations

import math

from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import BooleanField, FloatField, RadioField, StringField
from wtforms.validators import Length, NumberRange, Optional

from app.main.forms import CreateForm
from app.main.mix_fields import MixFields
from app.main.modes import ModeFields
from app.services import user_styles
from app.services.user_styles import OWN_STYLE
from models.brush import BRUSHES, DEFAULT_BRUSH

# One line each on the create page (templates/main/_create_options.html).
BRUSH_HELP = {"broad": "Bold strokes, like the gallery's examples.",
              "medium": "The painting as the previews show it, at full size.",
              "fine": "Every pixel painted, for print: slower, and 2 credits on large photos."}

STRENGTH_STEP = 0.05


class FiniteFloatField(FloatField):
    """A float that is a real number: "inf", "1e309" and "nan" are refused like text
    (an infinite strength reached the page template and raised OverflowError)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not math.isfinite(self.data):
            self.data = None
            raise ValueError("Strength must be a number between 0 and 100%.")


class CreateWithOptionsForm(MixFields, ModeFields, CreateForm):
    strength = FiniteFloatField("Strength of the style", default=1.0, validators=[
        Optional(), NumberRange(0.0, 1.0, "Strength must be between 0 and 100%%.")])
    preserve_colors = BooleanField("Keep my photo's colours")
    brush_help = BRUSH_HELP
    brush = RadioField("Brush size", default=DEFAULT_BRUSH, choices=[(b, b.capitalize()) for b in BRUSHES])
    user_style = StringField("One of your paintings")  # a UserStyle id, when style is "own"
    style_image = FileField("Upload a painting or picture")
    style_name = StringField("Its name", validators=[Optional(), Length(max=user_styles.NAME_MAX)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_mode()
        self.own_styles = user_styles.list_for(current_user.id)
        if self.user_style.data is None and self.own_styles:
            self.user_style.data = self.own_styles[0].id

    def _painting_chosen(self) -> bool:
        upload = self.style_image.data
        return self.style.data == OWN_STYLE and bool(upload and getattr(upload, "filename", ""))

    def new_painting(self) -> bytes | None:
        """The picture sent to paint with (style "own"), or None when none was chosen."""
        return (self.style_image.data.read() or None) if self._painting_chosen() else None

    def validate(self, extra_validators=None) -> bool:
        """With style "own": a new picture, or one of the user's saved paintings (the job
        service stores the new one, or refuses someone else's)."""
        if not super().validate(extra_validators):
            return False
        if self.style.data == OWN_STYLE and not self.user_style.data and not self._painting_chosen():
            self.style_image.errors = [*self.style_image.errors,
                                       "Upload a painting, or choose one of yours."]
            return False
        return True

def job_options(form: CreateWithOptionsForm) -> dict:
    """jobs.submit's keyword arguments from a valid form."""
    strength = form.strength.data
    return {"strength": 1.0 if strength is None else float(strength),
            "preserve_colors": bool(form.preserve_colors.data),
            "brush": form.brush.data or DEFAULT_BRUSH,
            "user_style_id": form.user_style.data if form.style.data == OWN_STYLE else None,
            "style_image": form.new_painting(), "style_name": form.style_name.data,
            **form.mode_options(), **form.mix_options()}
