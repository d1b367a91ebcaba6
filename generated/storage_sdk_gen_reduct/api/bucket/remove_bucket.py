from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_detail import ErrorDetail
from ...types import Response, status_from_code


def _get_kwargs(
    bucket_name: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/b/{bucket_name}".format(
            bucket_name=quote(str(bucket_name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ErrorDetail | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 401:
        response_401 = ErrorDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorDetail.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorDetail.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorDetail.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = ErrorDetail.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorDetail.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorDetail.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ErrorDetail]:
    parsed: Any | ErrorDetail | None
    if response.is_success:
        parsed = _parse_response(client=client, response=response)
    else:
        # storage-sdk: error bodies come from the service, a proxy or a load balancer and may
        # be empty, plain text or HTML whatever the spec says; the status and headers still
        # describe the error, so a body that does not parse is dropped instead of raising.
        try:
            parsed = _parse_response(client=client, response=response)
        except (ValueError, TypeError, KeyError, AttributeError):
            parsed = None
    return Response(
        status_code=status_from_code(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    bucket_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorDetail]:
    """Remove a bucket

     Needs full access. Deletion is asynchronous: the bucket's status becomes `DELETING`,
    then it disappears (and is removed from every token's permissions).

    Args:
        bucket_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorDetail]
    """

    kwargs = _get_kwargs(
        bucket_name=bucket_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    bucket_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorDetail | None:
    """Remove a bucket

     Needs full access. Deletion is asynchronous: the bucket's status becomes `DELETING`,
    then it disappears (and is removed from every token's permissions).

    Args:
        bucket_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorDetail
    """

    return sync_detailed(
        bucket_name=bucket_name,
        client=client,
    ).parsed


async def asyncio_detailed(
    bucket_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorDetail]:
    """Remove a bucket

     Needs full access. Deletion is asynchronous: the bucket's status becomes `DELETING`,
    then it disappears (and is removed from every token's permissions).

    Args:
        bucket_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorDetail]
    """

    kwargs = _get_kwargs(
        bucket_name=bucket_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    bucket_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorDetail | None:
    """Remove a bucket

     Needs full access. Deletion is asynchronous: the bucket's status becomes `DELETING`,
    then it disappears (and is removed from every token's permissions).

    Args:
        bucket_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorDetail
    """

    return (
        await asyncio_detailed(
            bucket_name=bucket_name,
            client=client,
        )
    ).parsed
