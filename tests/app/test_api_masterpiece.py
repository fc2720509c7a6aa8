"""Masterpieces over the API: `method=optimise` with its settings, the job's progress,
and stopping one early."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from app.services import credits, runner
from tests.app import photos
from tests.app.steps import error_code, submit


@pytest.fixture
def ada(api_client, user):
    credits.grant(user, 10, "test")  # 13 in all
    return api_client()


def test_a_masterpiece_is_submitted_with_its_settings_and_priced_by_what_it_paints(ada, user):
    response = submit(ada, photos.textured_jpeg(120, 80), method="optimise", iterations="8",
                      style_weight="60", size="96")
    assert response.status_code == 202, response.get_json()
    job = ada.get(response.get_json()["links"]["self"]).get_json()
    assert (job["method"], job["cost"]) == ("optimise", 1)  # 96 x 64 for 8 iterations: the least
    assert job["settings"] == {"iterations": 8, "style_weight": 60.0, "size": 96}
    assert job["progress"] == {"iteration": 0, "iterations": 8, "fraction": 0.0,
                               "stop_requested": False, "has_picture": False}
    assert credits.balance(user.id) == 12

    assert runner.run_job(job["id"], engine=None) == "done"
    job = ada.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert job["status"] == "done" and job["progress"]["iteration"] == 8
    assert job["progress"]["fraction"] == 1.0
    result = ada.get(job["links"]["result"])
    assert Image.open(io.BytesIO(result.data)).size == (96, 64)


def test_an_instant_job_says_so(ada):
    job = ada.get(submit(ada).get_json()["links"]["self"]).get_json()
    assert (job["method"], job["cost"], job["settings"], job["progress"]) == ("fast", 1, None, None)


@pytest.mark.parametrize("fields, code", [
    ({"method": "gatys"}, "invalid_method"),
    ({"method": "optimise", "iterations": "many"}, "invalid_iterations"),
    ({"method": "optimise", "iterations": "1001"}, "invalid_iterations"),
    ({"method": "optimise", "style_weight": "inf"}, "invalid_style_weight"),
    ({"method": "optimise", "size": "4096"}, "invalid_size"),
    ({"size": "256"}, "invalid_settings"),  # a fast job has no size
])
def test_bad_settings_are_a_422_naming_the_setting(ada, user, fields, code):
    response = submit(ada, **fields)
    assert response.status_code == 422 and error_code(response) == code
    assert credits.balance(user.id) == 13


def test_with_too_few_credits_a_masterpiece_is_a_402(api_client, user):
    response = submit(api_client(), photos.jpeg(512, 512), method="optimise")  # 3 credits, 5 needed
    assert response.status_code == 402 and error_code(response) == "no_credits"


def test_stopping_a_queued_masterpiece_cancels_it_and_returns_its_credits(ada, user, api_client):
    job_id = submit(ada, method="optimise").get_json()["id"]
    assert api_client("grace@example.com").post(f"/api/v1/jobs/{job_id}/stop").status_code == 404
    response = ada.post(f"/api/v1/jobs/{job_id}/stop")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "failed" and "returned" in body["error"]
    assert credits.balance(user.id) == 13
    again = ada.post(f"/api/v1/jobs/{job_id}/stop")
    assert again.status_code == 409 and error_code(again) == "job_finished"


def test_an_instant_job_cannot_be_stopped(ada):
    job_id = submit(ada).get_json()["id"]
    response = ada.post(f"/api/v1/jobs/{job_id}/stop")
    assert response.status_code == 409 and error_code(response) == "not_stoppable"
