"""The job form's fields over the API: parsed here with a 422 that names the field
(its limits are settings, read by the services), and documented by JobUpload."""
from __future__ import annotations

import math
from typing import Literal

from flask import request
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from app.api.job_schemas import Brush, Method
from app.api.schemas import absent
from app.records import JobMethod
from app.services.errors import ServiceError
from models.brush import DEFAULT_BRUSH, FINE_COST, WORKING_LONGEST

BOOLEANS = {"true": True, "false": False}


def field_error(code: str, message: str) -> ServiceError:
    return ServiceError(code, message, 422)


def strength(raw: str | None) -> float:
    if raw is None:
        return 1.0
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise field_error("invalid_strength", "Strength must be a number between 0 and 1.")
    return value


def number(name: str, kind):
    """An optional form field as an int or a float; 422 naming it when it is not one."""
    raw = request.form.get(name)
    if raw is None:
        return None
    try:
        value = kind(raw)
    except ValueError:
        raise field_error(f"invalid_{name}", f"{name} must be a number.") from None
    if kind is float and not math.isfinite(value):
        raise field_error(f"invalid_{name}", f"{name} must be a finite number.")
    return value


def preserve_colors(raw: str | None) -> bool:
    if raw is None:
        return False
    if raw not in BOOLEANS:
        raise field_error("invalid_preserve_colors", "preserve_colors must be true or false.")
    return BOOLEANS[raw]


class JobUpload(BaseModel):
    """A photo (or video) and a style, image or mix, as multipart/form-data."""

    model_config = ConfigDict(json_schema_extra={"allOf": [
        {"anyOf": [{"required": ["photo"]}, {"required": ["video"]}]},
        {"anyOf": [{"required": ["style"]}, {"required": ["style_image"]}, {"required": ["mix"]}]}]})

    video: bytes | SkipJsonSchema[None] = absent(
        "Instead of photo: an MP4, MOV or WebM clip, at most MAX_VIDEO_SECONDS (30) long and "
        "MAX_VIDEO_MB (200) big; priced by length (one credit per started 5 seconds), painted "
        "with its sound; method and its settings do not apply")
    photo: bytes | SkipJsonSchema[None] = absent(
        "JPEG, PNG, WebP, GIF, HEIC or AVIF; at most MAX_UPLOAD_MB")
    style: str | SkipJsonSchema[None] = absent(
        "A slug from GET /api/v1/styles; may be left out when style_image is sent")
    style_image: bytes | SkipJsonSchema[None] = absent(
        "Optional: any painting or picture (JPEG, PNG, WebP or GIF) to paint the photo in its "
        "style, instead of style. It is kept as one of your own styles (listed on your account "
        "page; the same picture again is the same style); the job's style reads \"own\". The "
        "upload limit covers photo and style_image together")
    mix: str | SkipJsonSchema[None] = absent(
        "Instead of style and style_image: two or three paintings in proportions, NAME=WEIGHT "
        "separated by commas (NAME a slug or the id of one of your own paintings), e.g. "
        "wave=0.6,the_scream=0.4; weights are normalised to sum to 1. A bad mix is 422 "
        "(invalid_mix), an unknown name 400")
    strength: float = Field(1.0, ge=0, le=1, description=(
        "0 is the photo, 1 the full style; with style_image the painting's and the photo's style "
        "vectors are blended"))
    preserve_colors: Literal["true", "false"] = Field("false", description=(
        "true keeps the photo's colours and takes only the style's texture and light"))
    brush: Brush = Field(DEFAULT_BRUSH, description=(
        "broad and medium paint at a working size fixed in pixels (longest side {broad} and "
        "{medium}) and bring the painting to the photo's full size, so the same photo at any "
        "resolution gives the same picture; fine paints every pixel (slower; {fine} credits for "
        "photos over medium's size). The result always has the photo's size").format(
        fine=FINE_COST, **WORKING_LONGEST))
    method: Method = Field(JobMethod.FAST.value, description=(
        "optimise: a masterpiece (slower), priced by the pixels it paints times its iterations: "
        "MASTERPIECE_COST credits (5 by default) buy the default settings on a square photo, at "
        "least 1 (the 202's cost says). The three settings below are its own"))
    iterations: int = Field(500, ge=1, le=1000, description=(
        "L-BFGS iterations (MASTERPIECE_ITERATIONS by default; at most MASTERPIECE_MAX_ITERATIONS)"))
    style_weight: float = Field(30, ge=1, le=1000, description=(
        "Style against content (content weighs 1): 30 is balanced, 100 strong"))
    size: int = Field(512, ge=64, le=1024, description=(
        "The result's longest side in pixels (MASTERPIECE_SIZE by default; at most "
        "MASTERPIECE_MAX_SIZE); photos are never enlarged"))
