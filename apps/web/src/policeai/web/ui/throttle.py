"""Back-off after failed sign-ins, per username and per client address.

Each failure is counted against the username and against the address it came from. Up to a
limit, failures cost nothing; from the limit on, each further try must wait twice as long as
the one before (30 s, 1 min, 2 min, ... up to 15 min), and a try made while waiting is refused
without even checking the password. A successful sign-in clears the username's count; an
address's count is forgotten a day after its last failure (its limit is higher, since many
officers may share one address). Counts live in a Litestar store, so every web process sees
the same ones.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from litestar.stores.base import Store


@dataclass
class SignInThrottle:
    store: Store
    user_limit: int = 5
    address_limit: int = 20
    base_delay_s: float = 30.0
    max_delay_s: float = 900.0
    forget_after_s: int = 24 * 3600
    clock: Callable[[], float] = field(default=time.time)

    def delay_after(self, failures: int, limit: int) -> float:
        """How long to wait after ``failures`` failures, with ``limit`` free ones."""
        if failures < limit:
            return 0.0
        return min(self.max_delay_s, self.base_delay_s * 2 ** (failures - limit))

    @staticmethod
    def _user_key(username: str) -> str:
        return "user-" + hashlib.sha256(username.strip().casefold().encode()).hexdigest()

    @staticmethod
    def _address_key(address: str) -> str:
        return "address-" + hashlib.sha256(address.encode()).hexdigest()

    def _keys(self, username: str, address: str) -> list[tuple[str, int]]:
        keys = [(self._address_key(address), self.address_limit)]
        if username.strip():
            keys.append((self._user_key(username), self.user_limit))
        return keys

    async def _load(self, key: str) -> dict[str, float]:
        raw = await self.store.get(key)
        if raw is None:
            return {"failures": 0, "last": 0.0}
        try:
            data = json.loads(raw)
            return {"failures": int(data["failures"]), "last": float(data["last"])}
        except (ValueError, KeyError, TypeError):
            return {"failures": 0, "last": 0.0}

    async def retry_after(self, username: str, address: str) -> int:
        """Seconds until this username may try again from this address (0: now)."""
        now = self.clock()
        wait = 0.0
        for key, limit in self._keys(username, address):
            record = await self._load(key)
            delay = self.delay_after(int(record["failures"]), limit)
            wait = max(wait, record["last"] + delay - now)
        return math.ceil(wait) if wait > 0 else 0

    async def failed(self, username: str, address: str) -> None:
        now = self.clock()
        for key, _limit in self._keys(username, address):
            record = await self._load(key)
            record = {"failures": record["failures"] + 1, "last": now}
            await self.store.set(key, json.dumps(record), expires_in=self.forget_after_s)

    async def succeeded(self, username: str) -> None:
        await self.store.delete(self._user_key(username))
