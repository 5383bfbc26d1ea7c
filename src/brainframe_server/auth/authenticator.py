"""Authentication: turns a request's credentials into a caller, in one place."""

from __future__ import annotations

from brainframe_server import metrics
from brainframe_server.auth.basic import BasicCredentials, parse_basic
from brainframe_server.auth.caller import ANONYMOUS_ADMIN, Caller
from brainframe_server.auth.credential_cache import CredentialCache
from brainframe_server.auth.login import PasswordLogin
from brainframe_server.auth.sessions import SessionManager
from brainframe_server.auth.throttle import LoginAttempt, LoginThrottle
from brainframe_server.errors import ThrottledError, UnauthorizedError
from brainframe_server.store.users import StoredCredentials
from brainframe_server.users.rules import password_for_verify, username_key


class Authenticator:
    """Identifies the caller of each request, or rejects the request.

    With authorization off, every request acts as admin and credentials are
    ignored. With it on, an Authorization header wins over a session cookie:
    a client that sends credentials and a cookie gets a fresh session, so a
    cookie planted beforehand can never take over that login. A Basic login
    gets a new session, except one without a cookie that matches a verify
    from the last minute while the user still has a session.
    """

    def __init__(
        self,
        enabled: bool,
        login: PasswordLogin,
        sessions: SessionManager,
        throttle: LoginThrottle,
        credentials: CredentialCache,
    ) -> None:
        self.enabled = enabled
        self._login = login
        self._sessions = sessions
        self._throttle = throttle
        self._credentials = credentials

    def authenticate(
        self, authorization: str | None, token: str | None, address: str
    ) -> Caller:
        """Return the caller; ``address`` is the client's, for throttling and audit.

        Raises:
            UnauthorizedError: no credentials, or wrong or malformed ones.
            ThrottledError: too many failed logins for this user or address.
            InvalidSessionError: the session is unknown, ended or expired.
        """
        if not self.enabled:
            return ANONYMOUS_ADMIN
        if authorization is not None:
            return self._authenticate_basic(authorization, token, address)
        if token is not None:
            return self._authenticate_session(token)
        raise UnauthorizedError(
            "Authorization is required: send HTTP Basic credentials or a "
            "session_id cookie."
        )

    def open_session(self, caller: Caller) -> str | None:
        """Start a session for a caller who logged in with a password."""
        if caller.user_id is None or caller.credential_version is None:
            return None
        return self._sessions.open(caller.user_id, caller.credential_version)

    def _authenticate_basic(
        self, authorization: str, token: str | None, address: str
    ) -> Caller:
        credentials = parse_basic(authorization)
        stored = self._credentials.find(credentials)
        if stored is not None:
            metrics.count_login(200)
            has_session = stored.has_session
        else:
            stored, verified_here = self._verify_once(credentials, address)
            # The request that ran the verify opens a session and the requests
            # that waited for it open none. Should that request fail (say,
            # with 404), the user's next request with these credentials opens
            # one, because its cache hit shows the user without a session.
            has_session = not verified_here
        return Caller(
            user_id=stored.user.id,
            role=stored.user.role,
            credential_version=stored.credential_version,
            username=stored.user.username,
            # A cached login sent without a cookie, by a user who still has a
            # session, opens no new one: clients that never keep the cookie
            # would otherwise write a session row on every request. A client
            # whose sessions all ended gets a new cookie, and a login endpoint
            # always gives one.
            reused_login=token is None and has_session,
        )

    def _verify_once(
        self, credentials: BasicCredentials, address: str
    ) -> tuple[StoredCredentials, bool]:
        """Verify the password unless a concurrent request just did.

        Returns the user and whether this request ran the verify. Throttling
        applies here, to every login that needs a verify; a cached hit proves
        the exact password was verified within the last minute.
        """
        with self._credentials.verifying(credentials):
            stored = self._credentials.find(credentials)
            if stored is not None:
                return stored, False
            stored = self._verify_throttled(credentials, address)
            self._credentials.add(credentials, stored)
            return stored, True

    def _verify_throttled(
        self, credentials: BasicCredentials, address: str
    ) -> StoredCredentials:
        attempt = LoginAttempt.of(
            username_key(password_for_verify(credentials.username)), address
        )
        try:
            had_failures = self._throttle.check(attempt)
        except ThrottledError as error:
            self._login.record_throttled(credentials, address, error)
            raise
        try:
            stored = self._login.verify(credentials, address)
        except UnauthorizedError:
            self._throttle.record_failure(attempt)
            raise
        if had_failures:
            self._throttle.record_success(attempt)
        return stored

    def _authenticate_session(self, token: str) -> Caller:
        token_hash, session = self._sessions.resolve(token)
        return Caller(
            user_id=session.user.id,
            role=session.user.role,
            session_hash=token_hash,
            username=session.user.username,
        )
