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
from modelyard.exporters.docker import DockerFlavor
from modelyard.exporters.onnx import OnnxFlavor
from modelyard.exporters.pmml import PmmlFlavor
from modelyard.exporters.python_package import PythonPackageFlavor

FLAVORS: dict[str, Flavor] = {
    flavor.name: flavor
    for flavor in (OnnxFlavor(), PmmlFlavor(), PythonPackageFlavor(), DockerFlavor())
}

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
