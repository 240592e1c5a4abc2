"""Persistence helpers shared by the platform's eventsourcing applications, and the
persistence modules for the library's ``PERSISTENCE_MODULE`` setting."""

from __future__ import annotations

import time
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import InternalError


class StartsAlongsideOthers(Application[Any]):
    """An application that may start while other processes start the same one.

    On PostgreSQL, processes starting together race on the library's ``CREATE TABLE IF NOT
    EXISTS`` ("tuple concurrently updated"); the tables exist once one of them wins, so the
    losers try again.
    """

    def __init__(self, env: Any = None) -> None:
        for attempt in range(5):
            try:
                super().__init__(env)
            except InternalError:
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
            else:
                return
