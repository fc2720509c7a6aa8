"""The API's JSON bodies, declared once as pydantic models: the views build what they
answer through them and parse what they are sent with them, and app/api/openapi.py
generates the document's components/schemas from them, so the two cannot drift.
Jobs' bodies are in app/api/job_schemas.py.

Response models forbid fields they do not declare: a view that answers one fails.
Request models ignore unknown fields, as the API always has.
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from app.api.common import iso

FIELD_MAX = 254  # no email is longer; passwords are capped at 200 by the sign-up form

Time = Annotated[datetime, PlainSerializer(iso, return_type=str), WithJsonSchema(
    {"type": "string", "format": "date-time", "description": "ISO 8601, UTC"})]
Link = Annotated[str, Field(json_schema_extra={"format": "uri-reference"},
                            description="Root-relative URL: resolve it against the URL you called")]


def absent(description: str | None = None):
    """A field left out of the body (never null) where it does not apply. Typed
    `X | SkipJsonSchema[None]`: the document says X, not required, and no default."""
    return Field(None, description=description,
                 json_schema_extra=lambda schema: schema.pop("default", None))


class Body(BaseModel):
    """A response body: no field it does not declare."""

    model_config = ConfigDict(extra="forbid")

    def dump(self) -> dict:
        # Fields never set (absent() ones) are left out, not answered as null.
        return self.model_dump(mode="json", exclude_unset=True)


class Request(BaseModel):
    """A JSON request body. `must` ends the 422's message, naming the field that
    failed: f"'{field}' must be {must}." (app/api/common.py parse_body)."""

    must: ClassVar[str]


class ErrorDetail(Body):
    code: str = Field(description="Machine-readable")
    message: str = Field(description="A sentence for a person")


class Error(Body):
    """Every error, with an honest status."""

    error: ErrorDetail


# No NUL, which no database column can hold (lone surrogates fail as not unicode).
Text = Annotated[str, Field(min_length=1, max_length=FIELD_MAX, pattern=r"^[^\x00]*$")]


class TokenRequest(Request):
    must: ClassVar[str] = f"a non-empty string of at most {FIELD_MAX} characters"
    email: Text
    password: Text
    name: Text | None = Field(None, description="Optional; shown on the account page")


class TokenCreated(Body):
    token: str = Field(description="Shown this once only")
    id: str
    created_at: Time


class Me(Body):
    email: str
    credits: int


class Style(Body):
    slug: str
    title: str
    artist: str
    year: str | None
    image_url: Link


class StyleList(Body):
    styles: list[Style]


class Pack(Body):
    id: str
    credits: int
    amount: int = Field(description="In the currency's smallest unit")
    currency: str = Field(description="ISO 4217, lower case")


class PackList(Body):
    packs: list[Pack]


class CheckoutRequest(Request):
    must: ClassVar[str] = "the id of a pack (GET /api/v1/packs)"
    pack: str = Field(description="A pack's id, from GET /api/v1/packs")


class Checkout(Body):
    url: str = Field(json_schema_extra={"format": "uri"}, description="Send the buyer to this page")


RESPONSES = (Error, TokenCreated, Me, StyleList, PackList, Checkout)
REQUESTS = (TokenRequest, CheckoutRequest)
