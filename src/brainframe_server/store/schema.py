"""Tables, as the migrations create them. Times are Unix seconds (UTC)."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False),
    # NFKC case-folded username; unique so that look-alike names cannot coexist.
    Column("username_key", String(256), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(512), nullable=False),
    # Raised on every password change, so that a login verified against the
    # old password cannot open a session after the change.
    Column("credential_version", Integer, nullable=False, server_default="1"),
    Column("created_at", Double, nullable=False),
    Column("updated_at", Double, nullable=False),
    CheckConstraint("role IN ('admin', 'editor')", name="ck_users_role"),
    # AUTOINCREMENT keeps SQLite from reusing the id of a deleted user.
    sqlite_autoincrement=True,
)

sessions = Table(
    "sessions",
    metadata,
    # SHA-256 of the session token, hex; the token itself is never stored.
    Column("token_hash", String(64), primary_key=True),
    Column(
        "user_id",
        Integer,
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("created_at", Double, nullable=False),
    Column("last_used_at", Double, nullable=False),
    Index("ix_sessions_user_id", "user_id"),
    Index("ix_sessions_last_used_at", "last_used_at"),
)

# Failed logins per throttling key: a username, a client address, or both.
login_failures = Table(
    "login_failures",
    metadata,
    Column("throttle_key", String(512), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", Double, nullable=False),
    Column("blocked_until", Double, nullable=False),
    Index("ix_login_failures_last_failure_at", "last_failure_at"),
)

# Record of user changes and failed logins. No foreign keys: events
# outlive the users they name.
audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("occurred_at", Double, nullable=False),
    Column("action", String(32), nullable=False),
    Column("actor_id", Integer, nullable=True),
    Column("actor", String(128), nullable=False),
    Column("target_id", Integer, nullable=True),
    Column("target", String(128), nullable=True),
    Column("client_address", String(64), nullable=True),
    # A JSON object, such as the names of the fields an update changed.
    Column("details", Text, nullable=True),
    Index("ix_audit_events_occurred_at", "occurred_at"),
    Index("ix_audit_events_actor_id", "actor_id"),
    Index("ix_audit_events_target_id", "target_id"),
    sqlite_autoincrement=True,
)
