"""Numbers too large, infinite or not numbers at all get a 4xx, never a 500
(issue 16, item 7): the create form, the history's page, the API's fields."""
import io

import pytest

from app.records import Job
from tests.app import photos
from tests.app.conftest import count

HUGE = "9" * 30


@pytest.mark.parametrize("strength", ["inf", "-inf", "1e309", "-1e309", "nan", "NaN", "infinity", HUGE])
def test_an_infinite_or_huge_strength_is_refused_with_a_message(logged_in, user, strength):
    response = logged_in.submit("/create", {"photo": (io.BytesIO(photos.jpeg()), "photo.jpg"),
                                            "style": "wave", "strength": strength},
                                content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Strength must be" in response.get_data(as_text=True)
    assert count(Job) == 0


@pytest.mark.parametrize("page", ["99999999999999999999", "-99999999999999999999", "0", "-1", "1e309"])
def test_a_history_page_out_of_range_is_not_a_server_error(logged_in, page):
    assert logged_in.get(f"/history?page={page}").status_code in (200, 404)


@pytest.mark.parametrize("field", ["iterations", "size", "style_weight", "strength"])
@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "1e309", "inf", "nan"])
def test_the_api_refuses_huge_numbers_in_every_field(api_client, field, value):
    client = api_client()
    response = client.post("/api/v1/jobs", data={"photo": (io.BytesIO(photos.jpeg()), "photo.jpg"),
                                                 "style": "wave", "method": "optimise", field: value},
                           content_type="multipart/form-data")
    assert response.status_code == 422, response.get_data(as_text=True)


@pytest.mark.parametrize("page", [HUGE, "-1", "1e309"])
def test_the_api_job_list_refuses_a_page_out_of_range(api_client, page):
    assert api_client().get(f"/api/v1/jobs?page={page}").status_code == 422


@pytest.mark.parametrize("field", ["style_weight", "size"])
@pytest.mark.parametrize("value", ["inf", "1e309", "nan", HUGE])
def test_the_create_form_refuses_huge_masterpiece_settings_with_a_message(logged_in, user, field, value):
    response = logged_in.submit("/create", {"photo": (io.BytesIO(photos.jpeg()), "photo.jpg"),
                                            "style": "wave", "method": "optimise", field: value},
                                content_type="multipart/form-data")
    assert response.status_code == 422
    assert count(Job) == 0
