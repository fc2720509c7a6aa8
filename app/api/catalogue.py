"""What is on offer, without a token: the styles and the credit packs."""
from __future__ import annotations

from flask import jsonify, url_for

from app.api import bp
from app.services import payments
from models.catalogue import load_catalogue


@bp.get("/styles")
def styles():
    return jsonify(styles=[
        {"slug": s.slug, "title": s.title, "artist": s.artist,
         "year": str(s.year) if s.year else None,  # "" in the catalogue: unknown
         "image_url": url_for("static", filename=f"styles/{s.slug}.jpg")}
        for s in load_catalogue()])


@bp.get("/packs")
def packs():
    on_sale = payments.packs() if payments.mode() != "off" else []
    return jsonify(packs=[{"id": p.id, "credits": p.credits, "amount": p.amount,
                           "currency": p.currency} for p in on_sale])
