"""The audit log: who changed which user, and which logins failed, and when."""
