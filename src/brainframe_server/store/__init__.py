"""Storage: the only code that writes SQL. Runs on SQLite and on PostgreSQL."""
