"""Password hashing with argon2id.

Each stored hash carries its algorithm and cost parameters, so a change of the
``ARGON2_*`` settings applies to new hashes at once and to old ones at the
user's next successful login, when they are rehashed.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import argon2
from argon2.exceptions import InvalidHashError, VerificationError

from brainframe_server.settings import Settings

logger = logging.getLogger(__name__)

# Nice value of the hashing threads. argon2id releases the GIL, so a hash
# takes a whole core for its duration. When a hashing thread and a request
# thread both want a core, Linux gives the hashing thread about a tenth of
# the request thread's share (scheduler weights 110 and 1024).
HASHING_NICE = 10


# The largest costs a stored hash may have: the upper limits of the
# ARGON2_TIME_COST, ARGON2_MEMORY_COST (KiB) and ARGON2_PARALLELISM settings.
MAX_TIME_COST = 100
MAX_MEMORY_COST = 4 * 1024 * 1024
MAX_PARALLELISM = 64


class PasswordHasher:
    """Hashes and verifies passwords with the configured argon2id costs."""

    def __init__(self, settings: Settings) -> None:
        self._hasher = argon2.PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_cost,
            parallelism=settings.argon2_parallelism,
            type=argon2.Type.ID,
        )
        # Verified against when the username is unknown, so that an unknown
        # user costs the same hashing work as a wrong password.
        self._dummy_hash = self._hasher.hash("no user has this password")
        # One hashing thread per CPU that the process may run on: enough to
        # use every core, and a bound on the hashes held in memory at once.
        self._pool = ThreadPoolExecutor(
            max_workers=_usable_cpu_count(),
            thread_name_prefix="argon2",
            initializer=_lower_thread_priority,
        )

    def hash(self, password: str) -> str:
        """Hash ``password`` on a hashing thread and wait for the result."""
        return self._pool.submit(self._hasher.hash, password).result()

    def verify(self, password_hash: str | None, password: str) -> bool:
        """Return whether ``password`` matches; a missing hash never matches.

        The hash runs on a hashing thread, while the calling thread waits.
        """
        if password_hash is None:
            self._pool.submit(self._verify_quietly, self._dummy_hash, password).result()
            return False
        return self._pool.submit(self._verify_quietly, password_hash, password).result()

    def is_valid_hash(self, password_hash: str) -> bool:
        """Return whether ``password_hash`` is an argon2id hash this server accepts.

        Costs above ``MAX_TIME_COST``, ``MAX_MEMORY_COST`` and
        ``MAX_PARALLELISM`` are rejected, because a hash from an imported
        file with huge costs would let anyone tie up the server by trying to
        log in as that user.
        """
        try:
            parameters = argon2.extract_parameters(password_hash)
        except InvalidHashError:
            return False
        return (
            parameters.type is argon2.Type.ID
            and parameters.time_cost <= MAX_TIME_COST
            and parameters.memory_cost <= MAX_MEMORY_COST
            and parameters.parallelism <= MAX_PARALLELISM
        )

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)

    def _verify_quietly(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except VerificationError:
            return False
        except InvalidHashError:
            logger.error("A stored password hash is malformed; the login is rejected")
            return False


def _usable_cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _lower_thread_priority() -> None:
    # On Linux, PRIO_PROCESS with a thread id sets the priority of that thread.
    thread_id = threading.get_native_id()
    try:
        current = os.getpriority(os.PRIO_PROCESS, thread_id)
        os.setpriority(os.PRIO_PROCESS, thread_id, max(current, HASHING_NICE))
    except OSError as error:
        logger.warning("Could not lower the priority of a hashing thread: %s", error)
