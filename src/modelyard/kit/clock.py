from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware now; the one place the platform reads the wall clock."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
