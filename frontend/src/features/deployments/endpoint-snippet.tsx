import { Check, Copy } from "lucide-react";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { useCopyToClipboard } from "@/lib/use-copy-to-clipboard";
import { curlSnippet } from "./endpoint";

/** The predict call as a curl command, with a copy button. */
export function EndpointSnippet({ predictUrl, record, label = "Example request" }: { predictUrl: string; record: Record<string, unknown>; label?: string }) {
  const { copied, copy } = useCopyToClipboard();
  const snippet = curlSnippet(predictUrl, record);
  const labelId = useId();
  return (
    <figure className="grid gap-2" aria-labelledby={labelId}>
      <figcaption className="flex items-center justify-between gap-2 text-sm font-medium">
        <span id={labelId}>{label}</span>
        <Button type="button" variant="outline" size="sm" onClick={() => void copy(snippet, "Command copied")} aria-label={`Copy the ${label.toLowerCase()}`}>
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </figcaption>
      {/* Focusable so keyboard users can scroll a long command sideways. */}
      <pre tabIndex={0} className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs whitespace-pre">
        {snippet}
      </pre>
    </figure>
  );
}
