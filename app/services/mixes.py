"""Mixes of paintings (issue 20): two or three paintings, catalogue or the user's own, in
chosen proportions. Checked here for the site, the API and the previews alike
(models.mix.parse_mix, then each name: a catalogue slug or one of the user's own
paintings); what a job stores and how its mix is named; what the worker paints with."""
from __future__ import annotations

import json

import sqlalchemy as sa

from app.extensions import db
from app.records import Job, UserStyle
from app.services import storage
from app.services.errors import ServiceError
from models import images as imaging
from models.catalogue import load_catalogue, slugs
from models.mix import MixError, parse_mix, percentages

MIX_STYLE = "mix"  # Job.style of a mixed job; Job.mix says of what
OWN_FALLBACK = "your painting"  # an own painting deleted since


def checked(user_id: str, text: str) -> list[dict]:
    """[{"style", "weight"}] (weights summing to 1) from "NAME=W,NAME=W[,NAME=W]".
    A bad mix is ServiceError 422 (invalid_mix); a name that is neither a slug nor one
    of this user's paintings is 400 (unknown_style), someone else's included."""
    try:
        pairs = parse_mix(text)
    except MixError as exc:
        raise ServiceError("invalid_mix", str(exc), 422) from None
    known = set(slugs())
    for name, _ in pairs:
        if name not in known and db.session.scalar(sa.select(UserStyle.id).where(
                UserStyle.id == name, UserStyle.user_id == user_id)) is None:
            raise ServiceError("unknown_style", f"There is no painting called {name!r} in this mix: use "
                                            "a style's slug or the id of one of your paintings.", 400)
    return [{"style": name, "weight": round(weight, 6)} for name, weight in pairs]


def to_json(parts: list[dict]) -> str:
    return json.dumps(parts, separators=(",", ":"))


def parts(job: Job) -> list[dict] | None:
    """The job's mix as stored, or None for a job of one painting."""
    return json.loads(job.mix) if job.mix else None


def key(parts_: list[dict]) -> str:
    """The mix as text, for the previews' cache."""
    return ",".join(f"{p['style']}={p['weight']:.4f}" for p in parts_)


def title(parts_: list[dict], own_names: dict[str, str] | None = None) -> str:
    """"60% The Great Wave off Kanagawa, 40% The Scream"; own paintings by their names."""
    titles = {s.slug: s.title for s in load_catalogue()}
    ids = [p["style"] for p in parts_ if p["style"] not in titles]
    if own_names is None and ids:
        own_names = dict(db.session.execute(sa.select(UserStyle.id, UserStyle.name)
                                            .where(UserStyle.id.in_(ids))).all())
    names = [titles.get(p["style"]) or (own_names or {}).get(p["style"]) or OWN_FALLBACK
             for p in parts_]
    shares = percentages([p["weight"] for p in parts_])
    return ", ".join(f"{share}% {name}" for share, name in zip(shares, names))


def pictures(user_id: str, parts_: list[dict]) -> list[tuple]:
    """What the engine mixes (pipeline.render): (slug, weight) for a catalogue painting,
    (pixels, weight) for an own one. LookupError when an own painting was deleted."""
    known, mixed = set(slugs()), []
    for part in parts_:
        name, weight = part["style"], float(part["weight"])
        if name in known:
            mixed.append((name, weight))
            continue
        style = db.session.scalar(sa.select(UserStyle).where(UserStyle.id == name,
                                                             UserStyle.user_id == user_id))
        if style is None:
            raise LookupError(name)
        mixed.append((imaging.decode(storage.load_bytes(style.image_id)).rgb, weight))
    return mixed
