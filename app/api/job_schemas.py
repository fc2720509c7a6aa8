"""Jobs' bodies (app/api/schemas.py says why they are models): a job, the 202 for a
new one, and a page of jobs. The form that submits one is app/api/fields.py's JobUpload."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from app.api.schemas import Body, Link, Time, absent
from app.records import JobMethod, JobStatus
from app.records.jobs import JobKind
from models.brush import BRUSHES, FINE_COST

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


RESPONSES = (Job, JobAccepted, JobPage)
