"""Model exporters, one flavor per format: ``FLAVORS[name].export(artifacts, destination)``.

Each flavor writes files plus ``manifest.json`` into a directory and proves parity with the
registry model on raw held-out rows (``verify``). See docs/exports.md.
"""

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    FLAVORS: dict[str, Flavor]
else:

    def __getattr__(name: str) -> Any:
        """`FLAVORS` is built on first use: the PMML writer imports the model libraries, which
        a web server should not pay for at startup (see modelyard.engine)."""
        if name != "FLAVORS":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from modelyard.exporters.docker import DockerFlavor
        from modelyard.exporters.onnx import OnnxFlavor
        from modelyard.exporters.pmml import PmmlFlavor
        from modelyard.exporters.python_package import PythonPackageFlavor

        flavors = (OnnxFlavor(), PmmlFlavor(), PythonPackageFlavor(), DockerFlavor())
        globals()["FLAVORS"] = {flavor.name: flavor for flavor in flavors}
        return globals()["FLAVORS"]


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
