"""Model exporters, one flavor per format: ``FLAVORS[name].export(artifacts, destination)``.

Each flavor writes files plus ``manifest.json`` into a directory and proves parity with the
registry model on raw held-out rows (``verify``). See docs/exports.md.
"""

from modelyard.exporters.base import (
    Availability,
    ExporterError,
    Flavor,
    FormatUnavailableError,
    Manifest,
    ModelArtifacts,
    ParityReport,
    archive,
)
from modelyard.exporters.onnx import OnnxFlavor

FLAVORS: dict[str, Flavor] = {flavor.name: flavor for flavor in (OnnxFlavor(),)}

__all__ = [
    "FLAVORS",
    "Availability",
    "ExporterError",
    "Flavor",
    "FormatUnavailableError",
    "Manifest",
    "ModelArtifacts",
    "ParityReport",
    "archive",
]
