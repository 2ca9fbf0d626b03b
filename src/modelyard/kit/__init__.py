"""Shared bases: database session, errors, ids, clock, pagination, rate limits."""
