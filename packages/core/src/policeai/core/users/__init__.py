"""Users of a force: usernames, roles and argon2 password hashes."""

from policeai.core.users.store import ROLES, AuthenticationError, Users, users_table

__all__ = ["ROLES", "AuthenticationError", "Users", "users_table"]
