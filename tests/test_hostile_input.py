"""Fuzzed ids, metadata and filters: a documented error, or exactly the
intended request, and never a request to another path."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clerk_async import NO_RETRY, Clerk
from clerk_async.errors import ClerkAPIError
from clerk_async.testing import FakeClerk

json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=10)
json_values = st.recursive(
    json_scalars | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
hostile_values = st.one_of(
    json_values,
    st.floats(allow_nan=True, allow_infinity=True),
    st.binary(max_size=8),
    st.sets(st.integers(), max_size=3),
    st.builds(object),
    st.tuples(st.text(max_size=5)),
)
metadata = st.one_of(
    st.dictionaries(st.text(max_size=8), json_values, max_size=5),
    st.dictionaries(st.text(max_size=8), hostile_values, max_size=3),
    hostile_values,
)

FILTERS = {
    "user_id": "list",
    "email_address": "list",
    "username": "list",
    "query": "str",
    "banned": "bool",
    "created_at_after": "int",
    "limit": "int",
    "offset": "int",
    "order_by": "str",
}
filters = st.fixed_dictionaries(
    {},
    optional={
        name: st.one_of(
            st.lists(st.text(max_size=10), max_size=3),
            st.text(max_size=10),
            st.integers(min_value=-5, max_value=600),
            st.booleans(),
            hostile_values,
        )
        for name in FILTERS
    },
)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def is_json(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


def test_fuzzed_metadata_is_sent_exactly_or_refused(fake_clerk: FakeClerk) -> None:
    """Metadata is sent as given to the metadata endpoint, or refused unsent."""
    user_id = fake_clerk.add_user()["id"]
    with Clerk(fake_clerk.secret_key, base_url=fake_clerk.base_url) as clerk:

        @SETTINGS
        @given(value=metadata)
        def check(value: Any) -> None:
            fake_clerk.clear_requests()
            try:
                clerk.users.update_user_metadata(
                    user_id, private_metadata=value, retry=NO_RETRY
                )
            except TypeError:
                assert fake_clerk.requests == []
                assert not (isinstance(value, dict) and is_json(value))
                return
            except ClerkAPIError:
                pass
            (request,) = fake_clerk.requests
            assert request.method == "PATCH"
            assert request.raw_path == f"/v1/users/{user_id}/metadata"
            as_json = json.loads(json.dumps(value))  # tuples are sent as arrays
            sent = {} if value is None else {"private_metadata": as_json}
            assert request.json() == sent

        check()


def expected_query(arguments: dict[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name in FILTERS:
        if name not in arguments or arguments[name] is None:
            continue
        value = arguments[name]
        if isinstance(value, (list, tuple)):
            pairs += [(name, item) for item in value]
        elif isinstance(value, bool):
            pairs.append((name, "true" if value else "false"))
        else:
            pairs.append((name, str(value)))
    return pairs


def test_fuzzed_filters_reach_only_the_list_endpoint(fake_clerk: FakeClerk) -> None:
    """Filters become exactly their query pairs on GET /v1/users, or are refused."""
    with Clerk(fake_clerk.secret_key, base_url=fake_clerk.base_url) as clerk:

        @SETTINGS
        @given(arguments=filters)
        def check(arguments: dict[str, Any]) -> None:
            fake_clerk.clear_requests()
            try:
                clerk.users.list_users(**arguments, retry=NO_RETRY)
            except (TypeError, ValueError):
                assert fake_clerk.requests == []
                return
            except ClerkAPIError:
                pass
            (request,) = fake_clerk.requests
            assert request.method == "GET"
            assert request.raw_path == "/v1/users"
            assert list(request.query) == expected_query(arguments)

        check()


def test_nan_and_infinity_never_reach_the_wire(fake_clerk: FakeClerk) -> None:
    """Non-finite floats in metadata are refused (JSON has no such numbers)."""
    user_id = fake_clerk.add_user()["id"]
    with Clerk(fake_clerk.secret_key, base_url=fake_clerk.base_url) as clerk:
        for number in (math.nan, math.inf, -math.inf):
            with pytest.raises(TypeError, match="public_metadata"):
                clerk.users.update_user_metadata(user_id, public_metadata={"n": number})
    assert fake_clerk.requests == []
