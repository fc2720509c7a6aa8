"""The create form's mode: Instant (one pass of a network) or Masterpiece (the picture
optimised itself, app/services/masterpiece.py), with the masterpiece's settings.
A mixin of the create form's fields; the settings are checked only for a masterpiece,
so a person who chose Instant is never stopped by them."""
from __future__ import annotations

import math

from flask import current_app
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import StopValidation, ValidationError

from app.records import JobMethod
from app.services import masterpiece

FAST, MASTERPIECE = JobMethod.FAST.value, JobMethod.OPTIMISE.value
BALANCE = (5, 200, 5)  # the site's slider over style_weight: min, max, step (the API allows more)
BALANCED = 30
SIZES = (256, 512, 768, 1024)
# masterpiece.settings' error codes, and the field each belongs to
FIELD_OF_ERROR = {"invalid_style_weight": "style_weight", "invalid_size": "size", "invalid_method": "method",
                  "invalid_settings": "method", "invalid_iterations": "method"}


def prices(size: int | str | None = None) -> dict[str, int]:
    """Credits each mode costs at most, as jobs.submit charges them: a masterpiece at
    `size` (default MASTERPIECE_SIZE) for a square photo; a wider one costs less."""
    return {FAST: masterpiece.INSTANT_COST, MASTERPIECE: size_prices().get(
        int(size) if str(size or "").isdigit() else 0, _price(current_app.config["MASTERPIECE_SIZE"]))}


def _price(size: int) -> int:
    return masterpiece.price(size, size, size, current_app.config["MASTERPIECE_ITERATIONS"])


def size_prices() -> dict[int, int]:
    """Each size offered with its most credits (a square photo, the usual iterations)."""
    return {s: _price(s) for s in sizes()}


def sizes() -> list[int]:
    """The sizes offered: the usual ones up to MASTERPIECE_MAX_SIZE, and the default."""
    config = current_app.config
    return sorted({s for s in SIZES if s <= config["MASTERPIECE_MAX_SIZE"]} | {config["MASTERPIECE_SIZE"]})


def balance_word(weight: float) -> str:
    """A word for the slider's value (static/js/masterpiece.js says the same)."""
    if weight < 20:
        return "closer to your photo"
    if weight <= 45:
        return "balanced"
    return "more painting" if weight <= 100 else "mostly painting"


def _masterpiece_only(form, field) -> None:
    if form.method.data != MASTERPIECE:
        raise StopValidation()  # no message: Instant ignores this setting


def _method(form, field) -> None:
    if field.data not in (FAST, MASTERPIECE):
        raise ValidationError("Choose Instant or Masterpiece.")


def _balance(form, field) -> None:
    low, high, _ = BALANCE
    try:
        value = float(field.data)
    except (TypeError, ValueError):
        value = math.nan
    if not (math.isfinite(value) and low <= value <= high):
        raise ValidationError(f"The balance of content and style must be a number from {low} to {high}.")


def _size(form, field) -> None:
    if field.data not in [str(s) for s in sizes()]:
        choices = ", ".join(map(str, sizes()))
        raise ValidationError(f"Choose one of the sizes offered ({choices} pixels).")


class ModeFields:
    """Mixed into the create form (app/main/options.py)."""
    balance_range, balanced = BALANCE, BALANCED
    method = RadioField("Mode", default=FAST, validate_choice=False, validators=[_method],
                        choices=[(FAST, "Instant"), (MASTERPIECE, "Masterpiece")])
    style_weight = StringField("Balance of content and style", default=str(BALANCED),
                               validators=[_masterpiece_only, _balance])
    size = SelectField("Size", validate_choice=False, validators=[_masterpiece_only, _size])

    def init_mode(self) -> None:
        self.size.choices = [(str(s), f"{s} px, up to {n} credit{'' if n == 1 else 's'}")
                             for s, n in size_prices().items()]
        if not self.size.data:
            self.size.data = str(current_app.config["MASTERPIECE_SIZE"])
        if self.style_weight.data in (None, ""):
            self.style_weight.data = str(BALANCED)

    def balance_text(self) -> str:
        """The slider's value with its word, as static/js/masterpiece.js shows it."""
        try:
            weight = float(self.style_weight.data)
        except (TypeError, ValueError):
            weight = math.nan
        return f"{weight:g}, {balance_word(weight)}" if math.isfinite(weight) else str(self.style_weight.data)

    @property
    def is_masterpiece(self) -> bool:
        return self.method.data == MASTERPIECE

    def mode_options(self) -> dict:
        """jobs.submit's masterpiece arguments (none for Instant)."""
        if not self.is_masterpiece:
            return {}
        return {"method": MASTERPIECE, "style_weight": float(self.style_weight.data),
                "size": int(self.size.data)}

    def mode_error_field(self, code: str):
        """The field a ServiceError from masterpiece.settings belongs to, or None."""
        name = FIELD_OF_ERROR.get(code)
        return getattr(self, name) if name else None
