"""What is on offer, without a token: the styles and the credit packs."""
from __future__ import annotations

from flask import url_for

from app.api import bp, schemas
from app.services import payments
from models.catalogue import load_catalogue


@bp.get("/styles")
def styles():
    return schemas.StyleList(styles=[
        schemas.Style(slug=s.slug, title=s.title, artist=s.artist,
                      year=str(s.year) if s.year else None,  # "" in the catalogue: unknown
                      image_url=url_for("static", filename=f"styles/{s.slug}.jpg"))
        for s in load_catalogue()]).dump()


@bp.get("/packs")
def packs():
    on_sale = payments.packs() if payments.mode() != "off" else []
    return schemas.PackList(packs=[
        schemas.Pack(id=p.id, credits=p.credits, amount=p.amount, currency=p.currency)
        for p in on_sale]).dump()
