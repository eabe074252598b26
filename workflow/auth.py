"""Passwords (Argon2, only at sign-in) and personal API tokens (SHA-256 digest, looked up by it).

A token has 256 bits of randomness, so a fast digest is enough and keeps every API request cheap;
Argon2 is kept for passwords, which people choose and which need a slow hash.
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.models import ApiToken, User

TOKEN_PREFIX = "sgt_"
_hasher = PasswordHasher()


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, session: Session, user: User, label: str = "api") -> str:
    """Create a token for `user`; the plain value is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, digest=digest(plain), label=label))
    session.flush()
    return plain


def user_for_token(*, session: Session, token: str) -> User | None:
    row = session.scalar(
        select(ApiToken).where(ApiToken.digest == digest(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or not row.user.active:
        return None
    return row.user


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def user_for_password(*, session: Session, email: str, password: str) -> User | None:
    email = email.strip().lower()
    # An address that cannot be stored names nobody (PostgreSQL refuses NUL in text: a 500).
    storable = "\x00" not in email and len(email) <= 320
    user = session.scalar(select(User).where(User.email == email)) if storable else None
    if user is None or not user.active or not user.password_hash:
        _hasher.hash(password)  # same cost whether or not the account exists
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user
