"""Jobs' bodies (app/api/schemas.py says why they are models): a job, the 202 for a
new one, a page of jobs, and the multipart form that submits one (documented from
JobUpload; app/api/fields.py and the services parse it, as their limits are settings)."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from app.api.schemas import Body, Link, Time, absent
from app.records import JobMethod, JobStatus
from app.records.jobs import JobKind
from models.brush import BRUSHES, DEFAULT_BRUSH, FINE_COST, WORKING_LONGEST

PER_PAGE = 20
Status = Literal[tuple(s.value for s in JobStatus)]
Method = Literal[tuple(m.value for m in JobMethod)]
Brush = Literal[BRUSHES]
Fraction = Annotated[float, Field(ge=0, le=1)]
ESTIMATED = ("Seconds this job takes to paint, estimated from what this site's workers measured "
             "(not counting the wait for a free one); a video's is null until frames are painted")
COST = ("Credits spent: 1 for a photo, or {fine} with brush fine on a photo larger than medium's "
        "working size; a masterpiece's follow its pixels and iterations, a video's its length "
        "(one per started 5 seconds)").format(fine=FINE_COST)


class Links(Body):
    self: Link
    result: Link


class MixPart(Body):
    style: str = Field(description="A slug, or the id of your own painting")
    weight: Fraction


class Settings(Body):
    """A masterpiece's settings."""

    iterations: int
    style_weight: float
    size: int


class MasterpieceProgress(Body):
    iteration: int = Field(ge=0)
    iterations: int = Field(ge=1)
    fraction: Fraction
    stop_requested: bool
    has_picture: bool = Field(description="Whether a picture so far can be shown")


class VideoProgress(Body):
    frame: int = Field(ge=0)
    frames: int = Field(ge=1)
    fraction: Fraction
    seconds_left: int | None = Field(ge=0, description="An estimate while it runs")


class Job(Body):
    id: str = Field(description="Opaque")
    status: Status
    style: str = Field(description="The style's slug, \"own\" for a job painted with a picture "
                                   "sent as style_image, or \"mix\" for a mix")
    strength: Fraction
    preserve_colors: bool
    method: Method = Field(description="fast: one pass of the style's network; optimise: a "
                                      "masterpiece, the picture optimised (Gatys et al.)")
    cost: int = Field(description=COST + "; returned if it fails, and a masterpiece stopped "
                                         "early gets back the part it did not paint")
    brush: Brush = Field(description="The size the photo was painted at")
    settings: Settings | None = Field(description="null for fast jobs and videos")
    progress: MasterpieceProgress | VideoProgress | None = Field(description=(
        "How far a masterpiece (iterations) or a video (frames) has come; null for fast photo "
        "jobs. A stopped masterpiece is done with iteration < iterations"))
    created_at: Time
    started_at: Time | None
    finished_at: Time | None
    error: str | None = Field(description="Why a failed job failed")
    width: int = Field(description="Pixels, of the photo and the result")
    height: int
    links: Links
    mix: list[MixPart] | None = Field(description="A mix's paintings and their weights (summing "
                                                  "to 1); null for one painting")
    estimated_seconds: int | None = Field(ge=0, description=ESTIMATED + "; null once finished")
    kind: Literal[tuple(k.value for k in JobKind)]
    duration: float | SkipJsonSchema[None] = absent("A video's length in seconds")
    fps: float | SkipJsonSchema[None] = absent("A video's average frame rate")
    frames: int | SkipJsonSchema[None] = absent("A video's frame count")


class JobAccepted(Body):
    """A job just queued (GET its links.self for the rest)."""

    id: str
    status: Literal["queued"]
    style: str
    brush: Brush
    cost: int = Field(description=COST)
    created_at: Time
    links: Links
    estimated_seconds: int | None = Field(ge=0, description=ESTIMATED)
    kind: Literal["video"] | SkipJsonSchema[None] = absent("Videos only (photos: see the job)")
    duration: float | SkipJsonSchema[None] = absent()
    fps: float | SkipJsonSchema[None] = absent()
    frames: int | SkipJsonSchema[None] = absent()


class JobPage(Body):
    jobs: list[Job] = Field(max_length=PER_PAGE)
    next: Link | None = Field(description="The next (older) page, or null")


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


RESPONSES = (Job, JobAccepted, JobPage)
REQUESTS = (JobUpload,)
