"""Background work: the Huey queue, job leases, the reaper and the worker process."""
