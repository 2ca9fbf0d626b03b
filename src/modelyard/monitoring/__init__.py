"""Health, readiness and metrics; later drift, performance and usage."""
