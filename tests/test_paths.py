"""Path parameters can only ever name one segment of the intended endpoint."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clerk_async import NO_RETRY, Clerk
from clerk_async._paths import segment
from clerk_async.errors import NotFoundError
from clerk_async.testing import FakeClerk


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("user_2V7JJKmoA9HqzHhfMqK5cpgLl56", "user_2V7JJKmoA9HqzHhfMqK5cpgLl56"),
        ("a/b", "a%2Fb"),
        ("a?b#c", "a%3Fb%23c"),
        ("100%", "100%25"),
        ("...", "..."),
        ("a b", "a%20b"),
        ("é", "%C3%A9"),
    ],
)
def test_segment_encodes_everything_but_unreserved(value: str, encoded: str) -> None:
    """Reserved characters, '%' and non-ASCII are percent-encoded."""
    assert segment(value, "user_id") == encoded


def test_str_subclasses_are_read_as_plain_text() -> None:
    """A str subclass with a tricky __str__ is encoded by its value."""

    class Sneaky(str):
        def __str__(self) -> str:
            return "../../admin"

    assert segment(Sneaky("user_1"), "user_id") == "user_1"


ids = st.one_of(
    st.text(max_size=24),
    st.text(alphabet="./%?#&=;+ 2eEfF\\", max_size=8),
    st.sampled_from(["", ".", "..", "%2e%2e", "a/../b", "/", "?", "#"]),
)


def test_any_text_id_reaches_exactly_one_segment_or_is_refused(
    fake_clerk: FakeClerk,
) -> None:
    """For any id: the server sees one segment decoding to it, or nothing."""
    with Clerk(fake_clerk.secret_key, base_url=fake_clerk.base_url) as clerk:

        @settings(max_examples=300, deadline=None)
        @given(user_id=ids)
        def check(user_id: str) -> None:
            fake_clerk.clear_requests()
            try:
                clerk.users.ban_user(user_id, retry=NO_RETRY)
            except (TypeError, ValueError):
                assert fake_clerk.requests == []
                return
            except NotFoundError:
                pass
            (request,) = fake_clerk.requests
            assert request.segments == ("v1", "users", user_id, "ban")

        check()
