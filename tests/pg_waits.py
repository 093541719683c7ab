"""Whether PostgreSQL sessions wait for a lock, as another session sees them now.

A session reads pg_stat_activity once per transaction and answers later
reads in it from that snapshot: a poll inside a transaction would see its
first answer forever. Each check here clears the snapshot first."""


def waits_for_lock(conn, pid) -> bool:
    """Whether session ``pid`` waits for a lock, seen from psycopg connection ``conn``."""
    conn.execute("SELECT pg_stat_clear_snapshot()")
    row = conn.execute("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
    return bool(row and row[0])


def others_wait_for_lock(conn, excluding) -> bool:
    """Whether a session of ``conn``'s database other than the pids ``excluding`` waits for a lock."""
    conn.execute("SELECT pg_stat_clear_snapshot()")
    sql = (
        "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
        "AND pid <> ALL(%s)"
    )
    return conn.execute(sql, [list(excluding)]).fetchone() is not None
