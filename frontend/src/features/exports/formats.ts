export const FORMAT_INFO: Record<string, { label: string; description: string }> = {
  onnx: { label: "ONNX", description: "One portable graph for ONNX Runtime in any language." },
  pmml: { label: "PMML", description: "XML for Java scoring engines (JPMML) and BI tools." },
  python: { label: "Python package", description: "A pip-installable package with the fitted model and a predict function." },
  docker: { label: "Docker image context", description: "A Dockerfile and a small HTTP server: docker build, then run anywhere." },
};

export function formatLabel(format: string): string {
  return FORMAT_INFO[format]?.label ?? format.toUpperCase();
}

const sizeFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "—";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${sizeFormat.format(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${sizeFormat.format(bytes / 1024 ** 2)} MB`;
  return `${sizeFormat.format(bytes / 1024 ** 3)} GB`;
}
