"""The Users API: ban, unban, lock, unlock, read, list, create, update, delete."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any, TypeVar

from clerk_async._config import Timeout
from clerk_async._converter import decoder, list_decoder
from clerk_async._params import Kind, body, query
from clerk_async._paths import segment
from clerk_async._retry import RetryPolicy
from clerk_async._transport import Transport
from clerk_async.models import DeletedObject, TotalCount, User

__all__ = ["AsyncUsers"]

T = TypeVar("T")

_user = decoder(User)
_users = list_decoder(User)
_deleted = decoder(DeletedObject)
_total = decoder(TotalCount)

_FILTERS = {
    "email_address": Kind.STRS,
    "phone_number": Kind.STRS,
    "external_id": Kind.STRS,
    "username": Kind.STRS,
    "web3_wallet": Kind.STRS,
    "user_id": Kind.STRS,
    "organization_id": Kind.STRS,
    "query": Kind.STR,
    "email_address_query": Kind.STR,
    "phone_number_query": Kind.STR,
    "username_query": Kind.STR,
    "name_query": Kind.STR,
    "banned": Kind.BOOL,
    "last_active_at_before": Kind.INT,
    "last_active_at_after": Kind.INT,
    "created_at_before": Kind.INT,
    "created_at_after": Kind.INT,
    "last_sign_in_at_before": Kind.INT,
    "last_sign_in_at_after": Kind.INT,
    "provider": Kind.STR,
    "provider_user_id": Kind.STRS,
}
_PAGE = {
    "limit": Kind.INT,
    "offset": Kind.INT,
    "starting_after": Kind.STR,
    "order_by": Kind.STR,
}

_PROFILE = {
    "external_id": Kind.STR,
    "first_name": Kind.STR,
    "last_name": Kind.STR,
    "locale": Kind.STR,
    "username": Kind.STR,
    "password": Kind.STR,
    "password_digest": Kind.STR,
    "password_hasher": Kind.STR,
    "skip_password_checks": Kind.BOOL,
    "totp_secret": Kind.STR,
    "backup_codes": Kind.STRS,
    "delete_self_enabled": Kind.BOOL,
    "legal_accepted_at": Kind.STR,
    "skip_legal_checks": Kind.BOOL,
    "create_organization_enabled": Kind.BOOL,
    "create_organizations_limit": Kind.INT,
    "created_at": Kind.STR,
    "bypass_client_trust": Kind.BOOL,
}
_METADATA = {
    "public_metadata": Kind.OBJECT,
    "private_metadata": Kind.OBJECT,
    "unsafe_metadata": Kind.OBJECT,
}
_CREATE = {
    **_PROFILE,
    **_METADATA,
    "email_address": Kind.STRS,
    "email_address_identification_status": Kind.STRS,
    "phone_number": Kind.STRS,
    "phone_number_identification_status": Kind.STRS,
    "web3_wallet": Kind.STRS,
    "skip_password_requirement": Kind.BOOL,
    "skip_user_requirement": Kind.BOOL,
    "banned": Kind.BOOL,
    "locked": Kind.BOOL,
}
_UPDATE = {
    **_PROFILE,
    "primary_email_address_id": Kind.STR,
    "notify_primary_email_address_changed": Kind.BOOL,
    "primary_phone_number_id": Kind.STR,
    "primary_web3_wallet_id": Kind.STR,
    "profile_image_id": Kind.STR,
    "sign_out_of_other_sessions": Kind.BOOL,
}

_BULK_MAX = 50


def _user_ids(user_ids: Sequence[str]) -> list[str]:
    if isinstance(user_ids, str) or not isinstance(user_ids, (list, tuple)):
        raise TypeError(
            f"user_ids must be a list of str, got {type(user_ids).__name__}"
        )
    if not 1 <= len(user_ids) <= _BULK_MAX:
        raise ValueError(
            f"user_ids must hold 1 to {_BULK_MAX} ids, got {len(user_ids)}"
        )
    for user_id in user_ids:
        segment(user_id, "user_ids[]")
    return list(user_ids)


class AsyncUsers:
    """Calls of the Users API; reach it as ``AsyncClerk(...).users``.

    Every method takes two keyword-only options: ``retry``, a
    :class:`~clerk_async.RetryPolicy` that replaces the client's for this call
    (``NO_RETRY`` for a single try), and ``timeout``: a number of seconds
    replaces the client's total per-try limit, a :class:`~clerk_async.Timeout`
    all of its per-try limits.
    """

    __slots__ = ("_transport",)

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def _on_user(
        self,
        method: str,
        user_id: str,
        action: str,
        decode: Callable[[Any], T],
        payload: Mapping[str, Any] | None = None,
        *,
        retry: RetryPolicy | None,
        timeout: float | Timeout | None,
    ) -> Coroutine[Any, Any, T]:
        """The request ``method /users/{user_id}{action}``, ready to await.

        A plain function, not a coroutine: the caller awaits the transport's
        coroutine directly, with no extra frame per call.
        """
        path = f"/users/{segment(user_id, 'user_id')}{action}"
        return self._transport.request(
            method,
            path,
            decode,
            idempotent=True,
            body=payload,
            retry=retry,
            timeout=timeout,
        )

    async def ban_user(
        self,
        user_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> User:
        """Ban a user: revoke all their sessions and refuse their sign-ins.

        Calls ``POST /users/{user_id}/ban``. Banning is idempotent: banning a
        banned user returns them unchanged, so the call is retried on
        transient failures.

        Returns:
            The updated user, with ``banned`` set.

        Raises:
            TypeError, ValueError: ``user_id`` is not a usable id; nothing
                was sent.
            NotFoundError: no user has this id.
            PaymentRequiredError: the instance's plan does not include bans.
            ClerkAPIError: any other error answer.
            ClerkTransportError: Clerk could not be reached in time.
        """
        return await self._on_user(
            "POST", user_id, "/ban", _user, retry=retry, timeout=timeout
        )

    async def unban_user(
        self,
        user_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> User:
        """Lift a user's ban, so they may sign in again.

        Calls ``POST /users/{user_id}/unban``; idempotent, retried on
        transient failures.

        Returns:
            The updated user, with ``banned`` cleared.

        Raises:
            NotFoundError: no user has this id.
            ClerkAPIError: any other error answer.
        """
        return await self._on_user(
            "POST", user_id, "/unban", _user, retry=retry, timeout=timeout
        )

    async def ban_users(
        self,
        user_ids: Sequence[str],
        *,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> list[User]:
        """Ban up to 50 users in one call.

        Calls ``POST /users/ban``; idempotent, retried on transient failures.

        Returns:
            The updated users.

        Raises:
            TypeError, ValueError: ``user_ids`` is not a list of 1 to 50 ids;
                nothing was sent.
            ClerkAPIError: an error answer.
        """
        payload = {"user_ids": _user_ids(user_ids)}
        return await self._transport.request(
            "POST",
            "/users/ban",
            _users,
            idempotent=True,
            body=payload,
            retry=retry,
            timeout=timeout,
        )

    async def unban_users(
        self,
        user_ids: Sequence[str],
        *,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> list[User]:
        """Lift the ban of up to 50 users in one call.

        Calls ``POST /users/unban``; idempotent, retried on transient failures.

        Returns:
            The updated users.
        """
        payload = {"user_ids": _user_ids(user_ids)}
        return await self._transport.request(
            "POST",
            "/users/unban",
            _users,
            idempotent=True,
            body=payload,
            retry=retry,
            timeout=timeout,
        )

    async def lock_user(
        self,
        user_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> User:
        """Lock a user out of signing in until the lock expires.

        Calls ``POST /users/{user_id}/lock``; idempotent, retried on
        transient failures. The lock's length is an instance setting.

        Returns:
            The updated user, with ``locked`` set.
        """
        return await self._on_user(
            "POST", user_id, "/lock", _user, retry=retry, timeout=timeout
        )

    async def unlock_user(
        self,
        user_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> User:
        """Remove a user's lock.

        Calls ``POST /users/{user_id}/unlock``; idempotent, retried on
        transient failures.

        Returns:
            The updated user, with ``locked`` cleared.
        """
        return await self._on_user(
            "POST", user_id, "/unlock", _user, retry=retry, timeout=timeout
        )

    async def get_user(
        self,
        user_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> User:
        """Fetch one user.

        Calls ``GET /users/{user_id}``.

        Raises:
            NotFoundError: no user has this id.
        """
        return await self._on_user(
            "GET", user_id, "", _user, retry=retry, timeout=timeout
        )

    async def list_users(
        self,
        *,
        email_address: Sequence[str] | None = None,
        phone_number: Sequence[str] | None = None,
        external_id: Sequence[str] | None = None,
        username: Sequence[str] | None = None,
        web3_wallet: Sequence[str] | None = None,
        user_id: Sequence[str] | None = None,
        organization_id: Sequence[str] | None = None,
        query: str | None = None,
        email_address_query: str | None = None,
        phone_number_query: str | None = None,
        username_query: str | None = None,
        name_query: str | None = None,
        banned: bool | None = None,
        last_active_at_before: int | None = None,
        last_active_at_after: int | None = None,
        created_at_before: int | None = None,
        created_at_after: int | None = None,
        last_sign_in_at_before: int | None = None,
        last_sign_in_at_after: int | None = None,
        provider: str | None = None,
        provider_user_id: Sequence[str] | None = None,
        limit: int | None = None,
        offset: int | None = None,
        starting_after: str | None = None,
        order_by: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> list[User]:
        """List users matching every given filter, one page at a time.

        Calls ``GET /users``. List filters match any of their values;
        timestamps are milliseconds since the Unix epoch. ``limit`` (1 to
        500, Clerk's default 10) and ``offset`` page through the results, or
        ``starting_after`` (a user id) continues after that user when ordering
        by ``created_at``; ``order_by`` is a field name, ``-`` first for
        descending order.

        Returns:
            The users of the page, possibly none.

        Raises:
            TypeError, ValueError: a filter has the wrong type or range;
                nothing was sent.
        """
        if limit is not None and not (isinstance(limit, int) and 1 <= limit <= 500):
            raise ValueError(f"limit must be an int from 1 to 500, got {limit!r}")
        if offset is not None and not (isinstance(offset, int) and offset >= 0):
            raise ValueError(f"offset must be an int >= 0, got {offset!r}")
        params = _query_of(locals(), page=True)
        return await self._transport.request(
            "GET",
            "/users",
            _users,
            idempotent=True,
            params=params,
            retry=retry,
            timeout=timeout,
        )

    async def count_users(
        self,
        *,
        email_address: Sequence[str] | None = None,
        phone_number: Sequence[str] | None = None,
        external_id: Sequence[str] | None = None,
        username: Sequence[str] | None = None,
        web3_wallet: Sequence[str] | None = None,
        user_id: Sequence[str] | None = None,
        organization_id: Sequence[str] | None = None,
        query: str | None = None,
        email_address_query: str | None = None,
        phone_number_query: str | None = None,
        username_query: str | None = None,
        name_query: str | None = None,
        banned: bool | None = None,
        last_active_at_before: int | None = None,
        last_active_at_after: int | None = None,
        created_at_before: int | None = None,
        created_at_after: int | None = None,
        last_sign_in_at_before: int | None = None,
        last_sign_in_at_after: int | None = None,
        provider: str | None = None,
        provider_user_id: Sequence[str] | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> int:
        """Count the users matching every given filter.

        Calls ``GET /users/count``; the filters are those of
        :meth:`list_users`.

        Returns:
            The number of matching users.
        """
        total = await self._transport.request(
            "GET",
            "/users/count",
            _total,
            idempotent=True,
            params=_query_of(locals(), page=False),
            retry=retry,
            timeout=timeout,
        )
        return total.total_count

    async def create_user(
        self,
        *,
        email_address: Sequence[str] | None = None,
        phone_number: Sequence[str] | None = None,
        web3_wallet: Sequence[str] | None = None,
        username: str | None = None,
        password: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        external_id: str | None = None,
        locale: str | None = None,
        public_metadata: Mapping[str, Any] | None = None,
        private_metadata: Mapping[str, Any] | None = None,
        unsafe_metadata: Mapping[str, Any] | None = None,
        email_address_identification_status: Sequence[str] | None = None,
        phone_number_identification_status: Sequence[str] | None = None,
        password_digest: str | None = None,
        password_hasher: str | None = None,
        skip_password_checks: bool | None = None,
        skip_password_requirement: bool | None = None,
        totp_secret: str | None = None,
        backup_codes: Sequence[str] | None = None,
        delete_self_enabled: bool | None = None,
        legal_accepted_at: str | None = None,
        skip_legal_checks: bool | None = None,
        skip_user_requirement: bool | None = None,
        create_organization_enabled: bool | None = None,
        create_organizations_limit: int | None = None,
        created_at: str | None = None,
        bypass_client_trust: bool | None = None,
        banned: bool | None = None,
        locked: bool | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> User:
        """Create a user.

        Calls ``POST /users``. Only the given fields are sent. Creating is not
        idempotent, so the call is tried again only when Clerk provably did
        not act on it (a 429 answer, or no connection at all).

        Returns:
            The new user.

        Raises:
            TypeError: a field has the wrong type; nothing was sent.
            UnprocessableEntityError: Clerk refused a field, such as an email
                address that is taken.
        """
        payload = body(_CREATE, locals())
        return await self._transport.request(
            "POST",
            "/users",
            _user,
            idempotent=False,
            body=payload,
            retry=retry,
            timeout=timeout,
        )

    async def update_user(
        self,
        user_id: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        external_id: str | None = None,
        locale: str | None = None,
        primary_email_address_id: str | None = None,
        notify_primary_email_address_changed: bool | None = None,
        primary_phone_number_id: str | None = None,
        primary_web3_wallet_id: str | None = None,
        profile_image_id: str | None = None,
        password: str | None = None,
        password_digest: str | None = None,
        password_hasher: str | None = None,
        skip_password_checks: bool | None = None,
        sign_out_of_other_sessions: bool | None = None,
        totp_secret: str | None = None,
        backup_codes: Sequence[str] | None = None,
        delete_self_enabled: bool | None = None,
        create_organization_enabled: bool | None = None,
        legal_accepted_at: str | None = None,
        skip_legal_checks: bool | None = None,
        create_organizations_limit: int | None = None,
        created_at: str | None = None,
        bypass_client_trust: bool | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> User:
        """Change a user's attributes; only the given fields are sent.

        Calls ``PATCH /users/{user_id}``. A field left at None is not changed
        (this method cannot set a field to null).

        Returns:
            The updated user.

        Raises:
            NotFoundError: no user has this id.
            UnprocessableEntityError: Clerk refused a value.
        """
        payload = body(_UPDATE, locals())
        return await self._on_user(
            "PATCH", user_id, "", _user, payload, retry=retry, timeout=timeout
        )

    async def update_user_metadata(
        self,
        user_id: str,
        *,
        public_metadata: Mapping[str, Any] | None = None,
        private_metadata: Mapping[str, Any] | None = None,
        unsafe_metadata: Mapping[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> User:
        """Merge new values into a user's metadata.

        Calls ``PATCH /users/{user_id}/metadata``. Clerk merges each given
        object into the stored one, deeply; a key set to None is removed.
        Applying the same merge twice gives the same result, so the call is
        retried on transient failures.

        Returns:
            The updated user.
        """
        payload = body(_METADATA, locals())
        return await self._on_user(
            "PATCH", user_id, "/metadata", _user, payload, retry=retry, timeout=timeout
        )

    async def replace_user_metadata(
        self,
        user_id: str,
        *,
        public_metadata: Mapping[str, Any] | None = None,
        private_metadata: Mapping[str, Any] | None = None,
        unsafe_metadata: Mapping[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> User:
        """Overwrite whole metadata objects of a user.

        Calls ``PUT /users/{user_id}/metadata``. Each given object replaces
        the stored one entirely; objects left at None are not changed. Prefer
        :meth:`update_user_metadata` for partial changes. Idempotent, retried
        on transient failures.

        Returns:
            The updated user.
        """
        payload = body(_METADATA, locals())
        return await self._on_user(
            "PUT", user_id, "/metadata", _user, payload, retry=retry, timeout=timeout
        )

    async def delete_user(
        self,
        user_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> DeletedObject:
        """Delete a user for good.

        Calls ``DELETE /users/{user_id}``; retried on transient failures (a
        retry after a lost answer may then see NotFoundError).

        Returns:
            The deletion receipt, with the user's id.
        """
        return await self._on_user(
            "DELETE", user_id, "", _deleted, retry=retry, timeout=timeout
        )


def _query_of(values: Mapping[str, Any], *, page: bool) -> list[tuple[str, str]]:
    pairs = query(_FILTERS, values)
    if page:
        pairs += query(_PAGE, values)
    return pairs
