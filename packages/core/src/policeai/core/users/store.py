"""The user store: each user belongs to one force and has one role."""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Column, Engine, String, Table, select
from sqlalchemy.exc import IntegrityError

from policeai.core.database import metadata
from policeai.core.errors import ConflictError, PoliceAIError

ROLES = ("officer", "supervisor", "analyst", "force_admin", "certifier")

users_table = Table(
    "users",
    metadata,
    Column("username", String(100), primary_key=True),
    Column("force", String(50), nullable=False),
    Column("role", String(20), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(200), nullable=False),
)


_UNUSABLE_HASH = PasswordHasher().hash("an unusable password for users that do not exist")


class AuthenticationError(PoliceAIError):
    status_code = 401


class Users:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._hasher = PasswordHasher()

    def add(
        self, *, username: str, force: str, role: str, display_name: str, password: str
    ) -> None:
        if role not in ROLES:
            raise PoliceAIError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
        if len(password) < 12:
            raise PoliceAIError("a password must have at least 12 characters")
        if not username.strip():
            raise PoliceAIError("a username must not be empty")
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    users_table.insert().values(
                        username=username.strip().lower(),
                        force=force,
                        role=role,
                        display_name=display_name,
                        password_hash=self._hasher.hash(password),
                    )
                )
        except IntegrityError:
            raise ConflictError(f"a user named {username!r} already exists") from None

    def get(self, username: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(users_table).where(users_table.c.username == username.strip().lower())
            ).first()
        if row is None:
            return None
        user = dict(row._mapping)
        user.pop("password_hash")
        return user

    def authenticate(self, username: str, password: str) -> dict[str, Any]:
        """The user, if the password matches; the same error whatever was wrong."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(users_table).where(users_table.c.username == username.strip().lower())
            ).first()
        stored = row.password_hash if row is not None else _UNUSABLE_HASH
        try:
            # A missing user costs the same hashing as a wrong password.
            self._hasher.verify(stored, password)
            if row is None:
                raise AuthenticationError("unknown user or wrong password")
        except (VerificationError, InvalidHashError):
            raise AuthenticationError("unknown user or wrong password") from None
        user = dict(row._mapping)
        user.pop("password_hash")
        return user

    def count(self) -> int:
        with self.engine.connect() as conn:
            return len(conn.execute(select(users_table.c.username)).all())
