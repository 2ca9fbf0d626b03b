"""Exports of model versions: export jobs, their lineage records and signed download links."""
