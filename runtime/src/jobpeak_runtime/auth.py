"""JWT bearer authentication and role checks for FastAPI routes.

Tokens carry ``sub`` (the identity provider's user id, which may be a name or an email) and
``role`` (``candidate``, ``client`` or ``admin``). The services never see ``sub``: the verifier
replaces it with a pseudonymous id derived with a keyed hash (:mod:`jobpeak_runtime.pseudonyms`),
which is the candidate id for candidates. ``iss``, ``aud`` and ``exp`` are required and checked;
only the configured algorithms are accepted. The verifier is built from settings by the
composition root and found on ``request.app.state``, so route modules only import dependencies::

    @router.get("/candidates/{candidate_id}/attempts")
    async def list_attempts(candidate_id: str, principal: CandidateSelfOrAdmin) -> ...:
        ...

    @router.post("/specialties")
    async def publish(principal: Annotated[Principal, Depends(require_role(Role.ADMIN))]): ...

A candidate's own resources are the default: :data:`CandidateSelfOrAdmin` refuses a candidate
whose id is not the ``candidate_id`` in the path, and :meth:`Principal.owner_filter` gives the
owner id every query of a candidate must be narrowed to. Someone else's resource answers 404, so
its existence does not leak.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from jobpeak_runtime.problems import ProblemError
from jobpeak_runtime.pseudonyms import Pseudonyms
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.strict_json import string_problem

ResourceT = TypeVar("ResourceT")


class Role(StrEnum):
    CANDIDATE = "candidate"
    CLIENT = "client"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """The authenticated caller; ``subject`` is the pseudonymous id, never the token's ``sub``."""

    subject: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def owner_filter(self) -> str | None:
        """The owner id queries must be narrowed to: the caller's own id unless an admin."""
        return None if self.is_admin else self.subject

    def may_access(self, owner_id: str) -> bool:
        """Whether the caller may see a resource owned by ``owner_id``."""
        return self.is_admin or self.subject == owner_id

    def ensure_may_access(self, owner_id: str) -> None:
        """Raise 404 (not 403: existence does not leak) unless :meth:`may_access`."""
        if not self.may_access(owner_id):
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="not found")


MAX_SUBJECT_LENGTH = 255
"""A subject is an id that is stored and compared; anything longer is not one of ours."""


class InvalidToken(Exception):
    """The bearer token is missing a claim, expired, wrongly signed or otherwise unusable."""


class TokenVerifier:
    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        algorithms: tuple[str, ...],
        key: str,
        pseudonyms: Pseudonyms,
        max_lifetime: dt.timedelta = dt.timedelta(days=1),
    ) -> None:
        self._max_lifetime = max_lifetime
        self._issuer = issuer
        self._audience = audience
        self._algorithms = list(algorithms)
        self._key = key
        self._pseudonyms = pseudonyms

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> TokenVerifier:
        key = (
            settings.jwt_secret.get_secret_value()
            if settings.jwt_secret is not None
            else settings.jwt_public_key
        )
        if not key:
            raise ValueError("jwt_secret or jwt_public_key must be set to verify tokens")
        return cls(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            algorithms=settings.jwt_algorithms,
            key=key,
            pseudonyms=Pseudonyms.from_settings(settings),
            max_lifetime=dt.timedelta(seconds=settings.jwt_max_lifetime_seconds),
        )

    def verify(self, token: str) -> Principal:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._key,
                algorithms=self._algorithms,
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from None
        expires = dt.datetime.fromtimestamp(claims["exp"], dt.UTC)
        if expires - dt.datetime.now(dt.UTC) > self._max_lifetime:
            raise InvalidToken(
                f"the token is valid for longer than {self._max_lifetime} from now: ask for a"
                " shorter-lived one"
            )
        try:
            role = Role(str(claims.get("role")))
        except ValueError:
            raise InvalidToken(f"role claim must be one of {[r.value for r in Role]}") from None
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject:
            raise InvalidToken("sub claim must be a non-empty string")
        if len(subject) > MAX_SUBJECT_LENGTH or string_problem(subject) is not None:
            raise InvalidToken(
                f"sub claim must be at most {MAX_SUBJECT_LENGTH} characters, without NUL "
                "or lone surrogates"
            )
        return Principal(subject=self._pseudonyms.id_of(subject), role=role)


class TokenIssuer:
    """Signs tokens; for tests and the development token command, never for production."""

    def __init__(self, *, issuer: str, audience: str, algorithm: str, signing_key: str) -> None:
        self._issuer = issuer
        self._audience = audience
        self._algorithm = algorithm
        self._key = signing_key

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> TokenIssuer:
        if settings.environment == "production":
            raise PermissionError("tokens are not issued by the services in production")
        if settings.jwt_secret is None:
            raise ValueError("jwt_secret is needed to issue HS* tokens")
        return cls(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            algorithm=settings.jwt_algorithms[0],
            signing_key=settings.jwt_secret.get_secret_value(),
        )

    def issue(
        self,
        *,
        subject: str,
        role: Role,
        ttl: dt.timedelta = dt.timedelta(hours=1),
        now: dt.datetime | None = None,
        extra_claims: dict[str, Any] | None = None,
    ) -> str:
        issued_at = now or dt.datetime.now(dt.UTC)
        claims = {
            **(extra_claims or {}),
            "sub": subject,
            "role": role.value,
            "iss": self._issuer,
            "aud": self._audience,
            "iat": issued_at,
            "exp": issued_at + ttl,
        }
        return jwt.encode(claims, self._key, algorithm=self._algorithm)


_bearer = HTTPBearer(auto_error=False)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


VERIFIED_CALLER_SCOPE_KEY = "jobpeak.verified_token"
"""ASGI scope key of ``(token, principal)``: the bearer token a layer of this request already
verified (the rate limits do, to count per caller), so that later layers do not verify it again."""


def verify_once(
    verifier: TokenVerifier, token: str, *, scope: MutableMapping[str, Any]
) -> Principal:
    """``verifier.verify(token)``, at most once per request: the answer is kept in ``scope``.

    Only the same token string is answered from the scope; anything else is verified (and an
    invalid token raises every time, nothing is kept for it).
    """
    remembered = scope.get(VERIFIED_CALLER_SCOPE_KEY)
    if remembered is not None and remembered[0] == token:
        principal: Principal = remembered[1]
        return principal
    principal = verifier.verify(token)
    scope[VERIFIED_CALLER_SCOPE_KEY] = (token, principal)
    return principal


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """FastAPI dependency: the caller of a request with a valid bearer token, else 401."""
    if credentials is None:
        raise _unauthorized("a bearer token is required")
    verifier: TokenVerifier = request.app.state.token_verifier
    try:
        return verify_once(verifier, credentials.credentials, scope=request.scope)
    except InvalidToken as error:
        raise _unauthorized(f"invalid token: {error}") from None


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_role(*roles: Role) -> Any:
    """Dependency factory: the caller, who must have one of ``roles`` (else 403)."""
    allowed = frozenset(roles)

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"requires role {' or '.join(sorted(r.value for r in allowed))}",
            )
        return principal

    return dependency


async def candidate_self_or_admin(candidate_id: str, principal: CurrentPrincipal) -> Principal:
    """The caller, if they are the candidate ``candidate_id`` of the path, or an admin."""
    if principal.role not in (Role.CANDIDATE, Role.ADMIN):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="requires role candidate or admin")
    principal.ensure_may_access(candidate_id)
    return principal


CandidateSelfOrAdmin = Annotated[Principal, Depends(candidate_self_or_admin)]
AdminPrincipal = Annotated[Principal, Depends(require_role(Role.ADMIN))]
CandidatePrincipal = Annotated[Principal, Depends(require_role(Role.CANDIDATE))]
ClientPrincipal = Annotated[Principal, Depends(require_role(Role.CLIENT))]


class ResourceNotFound(ProblemError):
    """Missing, or not the caller's: the two are answered alike so ids can not be probed."""

    status = 404
    title = "Not found"
    type_slug = "not-found"


def owned_by_caller(
    resource: ResourceT | None,
    *,
    principal: Principal,
    owner: Callable[[ResourceT], str],
    what: str,
) -> ResourceT:
    """``resource`` if it exists and the caller may reach it (its owner, or an admin), else 404.

    ::

        order = owned_by_caller(await uow.orders.get(order_id), principal=principal,
                                owner=lambda o: o.candidate_id, what=f"order {order_id}")
    """
    if resource is None or not principal.may_access(owner(resource)):
        raise ResourceNotFound(f"{what} not found")
    return resource
