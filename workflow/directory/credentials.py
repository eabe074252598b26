"""Passwords (Argon2, only at sign-in) and personal API tokens (SHA-256 digest, looked up by it).

A token has 256 bits of randomness, so a fast digest is enough and keeps every API request cheap;
Argon2 is kept for passwords, which people choose and which need a slow hash.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from workflow.directory.web_sessions import end_sessions
from workflow.engine.errors import Invalid
from workflow.models import ApiToken, User, utcnow

TOKEN_PREFIX = "sgt_"
PASSWORD_TOKEN_LABEL = "password"
"""The label of tokens handed out for an e-mail and password (`POST /api/v1/auth/token`)."""
EMAIL_MAX = 320
"""The length of `users.email`; a longer (or NUL-bearing) address names nobody."""
_hasher = PasswordHasher()


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    *, session: Session, user: User, label: str = "api", expires_at: datetime | None = None
) -> str:
    """Create a token for `user`; the plain value is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, digest=digest(plain), label=label, expires_at=expires_at))
    session.flush()
    return plain


def user_for_token(*, session: Session, token: str, now: datetime) -> User | None:
    """The active person a live token belongs to; None if revoked, expired or deactivated."""
    row = session.scalar(
        select(ApiToken).where(
            ApiToken.digest == digest(token),
            ApiToken.revoked_at.is_(None),
            or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
        )
    )
    if row is None or not row.user.active:
        return None
    return row.user


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def user_for_password(*, session: Session, email: str, password: str) -> User | None:
    email = email.strip().lower()
    possible = 0 < len(email) <= EMAIL_MAX and "\x00" not in email
    user = session.scalar(select(User).where(User.email == email)) if possible else None
    if user is None or not user.active or not user.password_hash:
        _hasher.hash(password)  # same cost whether or not the account exists
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def change_password(
    *, session: Session, user: User, password: str, at: datetime | None = None
) -> None:
    """Set a new password and end every page session of the person, and revoke the tokens that
    were obtained with a password: whoever knew the old one (or holds a copied cookie) is out.
    Personal tokens created on purpose (`/me/tokens`) are managed on their own."""
    if not password.strip():
        raise Invalid("La contraseña no puede estar vacía.", field="password")
    user.password_hash = hash_password(password)
    end_sessions(session=session, user_id=user.id, at=at)
    session.execute(
        update(ApiToken)
        .where(
            ApiToken.user_id == user.id,
            ApiToken.label == PASSWORD_TOKEN_LABEL,
            ApiToken.revoked_at.is_(None),
        )
        .values(revoked_at=at or utcnow())
        .execution_options(synchronize_session=False)
    )
    session.flush()
