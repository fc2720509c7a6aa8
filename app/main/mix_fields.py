"""The create form's "Mix paintings" (issue 20): up to three paintings, each with a
proportion in percent. A mixin of the create form's fields, like modes.ModeFields; the
mix itself is checked by jobs.submit (app/services/mixes.py), whose errors land here.
`mix_text` reads the same fields for the mix's free preview (app/main/mix_previews.py)."""
from __future__ import annotations

from wtforms import StringField

from app.services.mixes import MIX_STYLE

ROWS = 3
DEFAULT_WEIGHTS = ("50", "50", "0")


def mix_text(values) -> str:
    """"NAME=W,NAME=W" from the form's rows that name a painting (a missing weight is 0)."""
    pairs = []
    for row in range(1, ROWS + 1):
        name = (values.get(f"mix_style_{row}") or "").strip()
        if name:
            pairs.append(f"{name}={(values.get(f'mix_weight_{row}') or '0').strip()}")
    return ",".join(pairs)


class MixFields:
    mix_style_1 = StringField("First painting")
    mix_style_2 = StringField("Second painting")
    mix_style_3 = StringField("Third painting (optional)")
    mix_weight_1 = StringField(default=DEFAULT_WEIGHTS[0])
    mix_weight_2 = StringField(default=DEFAULT_WEIGHTS[1])
    mix_weight_3 = StringField(default=DEFAULT_WEIGHTS[2])

    def mix_rows(self) -> list[tuple]:
        """(style field, weight field) for each row, for the template."""
        return [(getattr(self, f"mix_style_{r}"), getattr(self, f"mix_weight_{r}"))
                for r in range(1, ROWS + 1)]

    def mix_options(self) -> dict:
        """jobs.submit's `mix` when the person chose to mix paintings."""
        if self.style.data != MIX_STYLE:
            return {}
        return {"mix": mix_text({f.name: f.data for row in self.mix_rows() for f in row})}

    def mode_error_field(self, code: str):
        """A mix's errors show in its section (the create view asks this of the form)."""
        if self.style.data == MIX_STYLE and code in ("invalid_mix", "unknown_style"):
            return self.mix_style_1
        return super().mode_error_field(code)
