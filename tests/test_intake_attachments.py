"""Fetching the photos of a form: GitHub's addresses only, capped while streaming, no network.

The opener is replaced by a fake that serves bytes from memory, so these tests also
check what the real download asks for (timeout, redirects) without leaving the machine.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.request

import pytest
from altavoz_submit.intake import attachments
from altavoz_submit.intake.attachments import AttachmentProblem, _StorageRedirects
from altavoz_submit.intake.messages import message

JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 2000
URL = "https://github.com/user-attachments/assets/0f1e2d3c-aaaa-bbbb-cccc-123456789abc"


class FakeResponse(io.BytesIO):
    def __init__(self, data: bytes, length: str | None = None):
        super().__init__(data)
        self.headers = {"Content-Length": length} if length else {}
        self.reads = 0

    def read(self, size=-1):
        self.reads += 1
        return super().read(size)


@pytest.fixture
def opener(monkeypatch):
    seen = {}

    def install(response=None, error=None):
        class Opener:
            def open(self, request, timeout=None):
                seen.update(url=request.full_url, timeout=timeout)
                if error is not None:
                    raise error
                return response

        def build_opener(*handlers):
            seen["handlers"] = handlers
            return Opener()

        monkeypatch.setattr(urllib.request, "build_opener", build_opener)
        return seen

    return install


def test_a_download_streams_the_bytes_with_a_timeout_and_only_storage_redirects(opener):
    seen = opener(FakeResponse(JPEG))
    photo = attachments.download(attachments.attachment_for(URL, 1), 1, limit=10_000)
    assert photo.kind == "jpeg" and photo.data == JPEG
    assert seen["url"] == URL and seen["timeout"] == attachments.TIMEOUT_SECONDS
    assert seen["handlers"] == (_StorageRedirects,)


def test_a_download_stops_as_soon_as_it_is_over_the_limit(opener):
    response = FakeResponse(b"\xff\xd8\xff" + b"\0" * 10 * 2**20)
    opener(response)
    with pytest.raises(AttachmentProblem) as caught:
        attachments.download(attachments.attachment_for(URL, 2), 2, limit=2**20)
    assert caught.value.key == "photo_too_large" and caught.value.values["number"] == 2
    assert response.reads <= 2**20 // (64 * 1024) + 2  # it did not read the whole body


def test_a_declared_length_over_the_limit_is_refused_before_reading(opener):
    response = FakeResponse(JPEG, length=str(50 * 2**20))
    opener(response)
    with pytest.raises(AttachmentProblem, match="photo_too_large"):
        attachments.download(attachments.attachment_for(URL, 1), 1, limit=2**20)
    assert response.reads == 0


def test_a_failed_download_asks_to_attach_again(opener):
    opener(error=urllib.error.URLError("timed out"))
    with pytest.raises(AttachmentProblem) as caught:
        attachments.download(attachments.attachment_for(URL, 3), 3, limit=2**20)
    assert caught.value.key == "photo_download_failed" and caught.value.values["number"] == 3


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/x.jpg",
        "http://objects.githubusercontent.com/x.jpg",
        "https://objects.githubusercontent.com.evil.example/x.jpg",
        "file:///etc/passwd",
        "https://127.0.0.1/x.jpg",
    ],
)
def test_a_redirect_away_from_githubs_storage_is_refused(target):
    request = urllib.request.Request(URL)
    with pytest.raises(AttachmentProblem) as caught:
        _StorageRedirects().redirect_request(request, None, 302, "Found", {}, target)
    assert caught.value.key == "photo_foreign_host"


def test_a_redirect_to_githubs_storage_is_followed():
    request = urllib.request.Request(URL)
    target = "https://objects.githubusercontent.com/github-production-user-asset/x?sig=1"
    followed = _StorageRedirects().redirect_request(request, None, 302, "Found", {}, target)
    assert followed.full_url == target


def test_the_same_photo_attached_twice_is_said_with_both_numbers():
    other = URL.rsplit("/", 1)[0] + "/0f0f0f0f-1111-2222-3333-444455556666"
    field = f'![a]({URL})\n![b]({other})\n<img src="{URL}" alt="a">'
    with pytest.raises(attachments.AttachmentProblem) as caught:
        attachments.attachments_in(field)
    assert caught.value.key == "photo_repeated"
    assert caught.value.values == {"number": 3, "first": 1}
    said = message(caught.value.key, **caught.value.values)
    assert said.startswith("La foto 3 es la misma que la foto 1: borra una de las dos en «Fotos»")
    assert message(caught.value.key, "en", **caught.value.values).startswith(
        "Photo 3 is the same as photo 1: delete one"
    )


def test_the_older_attachment_host_is_accepted():
    url = "https://user-images.githubusercontent.com/12345/98765-abcd-ef.jpg"
    assert attachments.attachment_for(url, 1).name == "98765-abcd-ef.jpg"
