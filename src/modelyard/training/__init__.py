"""Training jobs: start, watch, cancel; the worker-side runner that calls the engine."""
