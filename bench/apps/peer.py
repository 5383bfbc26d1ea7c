"""fastapi-users on SQLite with the database token strategy: the peer server.

Its authenticated ``GET /users/me`` does the same work as the users server's
session request: look the token up, load its user, return the user as JSON.
Set ``PEER_DATABASE`` to the SQLite file, and create it first with
``python -m bench.apps.peer DATABASE EMAIL PASSWORD``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator

from fastapi import Depends, FastAPI
from fastapi_users import BaseUserManager, FastAPIUsers, UUIDIDMixin, schemas
from fastapi_users.authentication import AuthenticationBackend, BearerTransport
from fastapi_users.authentication.strategy.db import DatabaseStrategy
from fastapi_users_db_sqlalchemy import (
    SQLAlchemyBaseUserTableUUID,
    SQLAlchemyUserDatabase,
)
from fastapi_users_db_sqlalchemy.access_token import (
    SQLAlchemyAccessTokenDatabase,
    SQLAlchemyBaseAccessTokenTableUUID,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

SECRET = "bench-only-secret"  # noqa: S105 - signs reset tokens, unused here


class Base(DeclarativeBase):
    pass


class User(SQLAlchemyBaseUserTableUUID, Base):
    pass


class AccessToken(SQLAlchemyBaseAccessTokenTableUUID, Base):
    pass


class UserRead(schemas.BaseUser[uuid.UUID]):
    pass


class UserCreate(schemas.BaseUserCreate):
    pass


class UserUpdate(schemas.BaseUserUpdate):
    pass


class UserManager(UUIDIDMixin, BaseUserManager[User, uuid.UUID]):
    reset_password_token_secret = SECRET
    verification_token_secret = SECRET


def make_engine(path: str):
    return create_async_engine(f"sqlite+aiosqlite:///{path}")


engine = make_engine(os.environ.get("PEER_DATABASE", "peer.db"))
session_maker = async_sessionmaker(engine, expire_on_commit=False)


async def get_session() -> AsyncIterator[AsyncSession]:
    async with session_maker() as session:
        yield session


async def get_user_db(session: AsyncSession = Depends(get_session)):
    yield SQLAlchemyUserDatabase(session, User)


async def get_token_db(session: AsyncSession = Depends(get_session)):
    yield SQLAlchemyAccessTokenDatabase(session, AccessToken)


async def get_user_manager(user_db=Depends(get_user_db)):
    yield UserManager(user_db)


def get_strategy(token_db=Depends(get_token_db)) -> DatabaseStrategy:
    return DatabaseStrategy(token_db, lifetime_seconds=3600)


backend = AuthenticationBackend(
    name="db",
    transport=BearerTransport(tokenUrl="auth/db/login"),
    get_strategy=get_strategy,
)
fastapi_users = FastAPIUsers[User, uuid.UUID](get_user_manager, [backend])

app = FastAPI()
app.include_router(fastapi_users.get_auth_router(backend), prefix="/auth/db")
app.include_router(
    fastapi_users.get_users_router(UserRead, UserUpdate), prefix="/users"
)


async def create_database(path: str, email: str, password: str) -> None:
    """Create the tables and one active user."""
    setup_engine = make_engine(path)
    async with setup_engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    setup_sessions = async_sessionmaker(setup_engine, expire_on_commit=False)
    async with setup_sessions() as session:
        manager = UserManager(SQLAlchemyUserDatabase(session, User))
        await manager.create(UserCreate(email=email, password=password))
    await setup_engine.dispose()


if __name__ == "__main__":
    asyncio.run(create_database(*sys.argv[1:4]))
