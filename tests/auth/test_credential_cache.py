"""The credential cache against a real SQLite store, in process."""

from __future__ import annotations

import os
import threading

import pytest

from brainframe_server.auth.basic import BasicCredentials
from brainframe_server.auth.credential_cache import CredentialCache
from brainframe_server.passwords import HASHING_NICE, PasswordHasher
from brainframe_server.settings import Settings
from brainframe_server.store.database import Database, parse_database_url
from brainframe_server.store.migrate import prepare_database
from brainframe_server.store.users import NewValues, StoredCredentials, UserStore
from brainframe_server.users.model import Role

FAST_HASHING = Settings(argon2_time_cost=1, argon2_memory_cost=8)


@pytest.fixture
def hasher() -> PasswordHasher:
    return PasswordHasher(FAST_HASHING)


@pytest.fixture
def store(tmp_path, hasher):
    database = Database(parse_database_url(f"sqlite:///{tmp_path / 'users.db'}"))
    prepare_database(database, hasher)
    yield UserStore(database)
    database.close()


def _add_user(store: UserStore, hasher: PasswordHasher, name: str) -> StoredCredentials:
    values = NewValues(name, name.casefold(), Role.EDITOR, hasher.hash("pw-" + name))
    store.insert(values)
    stored = store.find_credentials(name.casefold())
    assert stored is not None
    return stored


def test_hit_returns_current_row(store, hasher):
    stored = _add_user(store, hasher, "ann")
    cache = CredentialCache(store)
    credentials = BasicCredentials("ann", "pw-ann")
    cache.add(credentials, stored)
    hit = cache.find(credentials)
    assert hit is not None
    assert hit.user == stored.user
    assert hit.credential_version == stored.credential_version


def test_other_password_misses(store, hasher):
    stored = _add_user(store, hasher, "bea")
    cache = CredentialCache(store)
    cache.add(BasicCredentials("bea", "pw-bea"), stored)
    assert cache.find(BasicCredentials("bea", "pw-beb")) is None
    assert cache.find(BasicCredentials("be", "apw-bea")) is None


def test_new_credential_version_drops_entry(store, hasher):
    stored = _add_user(store, hasher, "cal")
    cache = CredentialCache(store)
    credentials = BasicCredentials("cal", "pw-cal")
    cache.add(credentials, stored)
    change = NewValues("cal", "cal", Role.EDITOR, hasher.hash("pw-new"))
    store.update(stored.user.id, change, keep_session_hash=None)
    assert cache.find(credentials) is None
    assert len(cache) == 0


def test_deleted_user_drops_entry(store, hasher):
    stored = _add_user(store, hasher, "dee")
    cache = CredentialCache(store)
    credentials = BasicCredentials("dee", "pw-dee")
    cache.add(credentials, stored)
    store.delete(stored.user.id)
    assert cache.find(credentials) is None
    assert len(cache) == 0


def test_expired_entry_misses(store, hasher):
    stored = _add_user(store, hasher, "eve")
    cache = CredentialCache(store, lifetime=0.0)
    credentials = BasicCredentials("eve", "pw-eve")
    cache.add(credentials, stored)
    assert cache.find(credentials) is None
    assert len(cache) == 0


def test_oldest_entry_dropped_when_full(store, hasher):
    cache = CredentialCache(store, max_entries=2)
    users = [_add_user(store, hasher, name) for name in ("fay", "gus", "hal")]
    for stored in users:
        cache.add(BasicCredentials(stored.user.username, "x"), stored)
    assert len(cache) == 2
    assert cache.find(BasicCredentials("fay", "x")) is None
    assert cache.find(BasicCredentials("hal", "x")) is not None


def test_cache_keeps_no_password(store, hasher):
    stored = _add_user(store, hasher, "ivy")
    cache = CredentialCache(store)
    cache.add(BasicCredentials("ivy", "pw-ivy-secret"), stored)
    contents = repr(vars(cache)).encode() + b"".join(cache._entries)
    assert b"pw-ivy-secret" not in contents
    assert b"ivy" not in b"".join(cache._entries)


def test_hashing_threads_run_at_lower_priority(hasher):
    def thread_nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    assert hasher._pool.submit(thread_nice).result() >= HASHING_NICE
    assert thread_nice() < HASHING_NICE


def test_verifying_same_credentials_waits(store):
    cache = CredentialCache(store)
    entered = []

    def verify_as(username: str) -> None:
        with cache.verifying(BasicCredentials(username, "pw")):
            entered.append(username)

    with cache.verifying(BasicCredentials("jon", "pw")):
        same = threading.Thread(target=verify_as, args=("jon",))
        other = threading.Thread(target=verify_as, args=("kim",))
        same.start()
        other.start()
        other.join(timeout=10)
        same.join(timeout=0.5)
        assert entered == ["kim"]
        assert same.is_alive()
    same.join(timeout=10)
    assert entered == ["kim", "jon"]
