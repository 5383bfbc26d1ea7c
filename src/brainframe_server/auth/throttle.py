"""Throttling of failed logins, per username and client address.

Three counters grow with each failed login: one for the pair of username and
address, one for the username from any address, and one for the address with
any username. Once a counter reaches its allowance of failures, it blocks
further logins for a delay that doubles with every failure, up to a cap. The cap for a
username alone is short, so that an attacker spreading guesses over many
addresses cannot lock the real user out for long, while the pair and the
address, which point at the attacker, are blocked for longer.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from brainframe_server.errors import ThrottledError
from brainframe_server.settings import Settings
from brainframe_server.store.throttle import ThrottleStore

logger = logging.getLogger(__name__)

# The first blocked attempt waits this long, in seconds; each later one doubles it.
BASE_DELAY = 1.0
CLEANUP_INTERVAL = 300.0


@dataclass(frozen=True)
class _Policy:
    free_failures: int
    max_delay: float


@dataclass(frozen=True)
class LoginAttempt:
    """The keys one login attempt is counted under."""

    pair: str
    user: str
    address: str

    @classmethod
    def of(cls, username_key: str, address: str) -> LoginAttempt:
        user_digest = _digest(username_key)
        return cls(
            pair=f"pair:{_digest(user_digest + '|' + address)}",
            user=f"user:{user_digest}",
            address=f"addr:{address}",
        )

    def keys(self) -> list[str]:
        return [self.pair, self.user, self.address]


class LoginThrottle:
    def __init__(self, store: ThrottleStore, settings: Settings) -> None:
        self._store = store
        self._window = settings.login_failure_window
        self._policies = {
            "pair": _Policy(settings.login_failures_per_pair, settings.login_block_max),
            "user": _Policy(
                settings.login_failures_per_user, settings.login_user_block_max
            ),
            "addr": _Policy(
                settings.login_failures_per_address, settings.login_block_max
            ),
        }
        self._next_cleanup = 0.0

    def check(self, attempt: LoginAttempt) -> bool:
        """Raise if the attempt is blocked; return whether any failure is on record.

        Raises:
            ThrottledError: a counter blocks logins until a later time.
        """
        now = time.time()
        counts = self._store.find(attempt.pair, attempt.user, attempt.address)
        blocked_until = max((count.blocked_until for count in counts), default=0.0)
        if blocked_until > now:
            raise ThrottledError(math.ceil(blocked_until - now))
        return bool(counts)

    def record_failure(self, attempt: LoginAttempt) -> None:
        now = time.time()
        self._clean_up_now_and_then(now)
        counts = self._store.add_failure(attempt.keys(), now, now - self._window)
        blocks = {}
        for count in counts:
            policy = self._policies[count.throttle_key.split(":", 1)[0]]
            excess = count.failures - policy.free_failures
            if excess >= 0:
                delay = min(BASE_DELAY * 2 ** min(excess, 30), policy.max_delay)
                blocks[count.throttle_key] = now + delay
        if blocks:
            self._store.block(blocks)
            logger.warning(
                "Throttling logins after repeated failures (%d counters blocked)",
                len(blocks),
            )

    def record_success(self, attempt: LoginAttempt) -> None:
        """Forget the failures of this username, from this address and overall."""
        self._store.clear([attempt.pair, attempt.user])

    def _clean_up_now_and_then(self, now: float) -> None:
        if now < self._next_cleanup:
            return
        self._next_cleanup = now + CLEANUP_INTERVAL
        self._store.delete_stale(now - self._window, now)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
