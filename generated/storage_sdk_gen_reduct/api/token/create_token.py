from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_detail import ErrorDetail
from ...models.permissions import Permissions
from ...models.token_create_request import TokenCreateRequest
from ...models.token_create_response import TokenCreateResponse
from ...types import Response, status_from_code


def _get_kwargs(
    token_name: str,
    *,
    body: Permissions | TokenCreateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/tokens/{token_name}".format(
            token_name=quote(str(token_name), safe=""),
        ),
    }

    if isinstance(body, TokenCreateRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorDetail | TokenCreateResponse | None:
    if response.status_code == 200:
        response_200 = TokenCreateResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorDetail.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorDetail.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = ErrorDetail.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ErrorDetail.from_dict(response.json())

        return response_422

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorDetail | TokenCreateResponse]:
    parsed: ErrorDetail | TokenCreateResponse | None
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
    token_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: Permissions | TokenCreateRequest,
) -> Response[ErrorDetail | TokenCreateResponse]:
    """Create a token

     The v2 body `TokenCreateRequest` (server 1.19+; unknown keys are rejected), or the v1
    body: a bare `Permissions` object (still accepted; `{}` creates a token without
    permissions). The value is returned once, only here.

    Args:
        token_name (str):
        body (Permissions | TokenCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDetail | TokenCreateResponse]
    """

    kwargs = _get_kwargs(
        token_name=token_name,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    token_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: Permissions | TokenCreateRequest,
) -> ErrorDetail | TokenCreateResponse | None:
    """Create a token

     The v2 body `TokenCreateRequest` (server 1.19+; unknown keys are rejected), or the v1
    body: a bare `Permissions` object (still accepted; `{}` creates a token without
    permissions). The value is returned once, only here.

    Args:
        token_name (str):
        body (Permissions | TokenCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDetail | TokenCreateResponse
    """

    return sync_detailed(
        token_name=token_name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    token_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: Permissions | TokenCreateRequest,
) -> Response[ErrorDetail | TokenCreateResponse]:
    """Create a token

     The v2 body `TokenCreateRequest` (server 1.19+; unknown keys are rejected), or the v1
    body: a bare `Permissions` object (still accepted; `{}` creates a token without
    permissions). The value is returned once, only here.

    Args:
        token_name (str):
        body (Permissions | TokenCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDetail | TokenCreateResponse]
    """

    kwargs = _get_kwargs(
        token_name=token_name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    token_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: Permissions | TokenCreateRequest,
) -> ErrorDetail | TokenCreateResponse | None:
    """Create a token

     The v2 body `TokenCreateRequest` (server 1.19+; unknown keys are rejected), or the v1
    body: a bare `Permissions` object (still accepted; `{}` creates a token without
    permissions). The value is returned once, only here.

    Args:
        token_name (str):
        body (Permissions | TokenCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDetail | TokenCreateResponse
    """

    return (
        await asyncio_detailed(
            token_name=token_name,
            client=client,
            body=body,
        )
    ).parsed
