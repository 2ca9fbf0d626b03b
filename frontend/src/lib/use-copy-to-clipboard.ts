import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";

/** Copies text with the async Clipboard API, falling back to a hidden textarea on plain HTTP. */
export async function copyText(text: string): Promise<void> {
  // The async Clipboard API exists only in secure contexts (HTTPS, localhost).
  if (window.isSecureContext && "clipboard" in navigator) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const textarea = document.createElement("textarea");
  textarea.value = text;
  textarea.setAttribute("readonly", "");
  textarea.style.position = "fixed";
  textarea.style.opacity = "0";
  document.body.append(textarea);
  textarea.select();
  // Deprecated but the only option on plain-HTTP self-hosted installs.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const copied = document.execCommand("copy");
  textarea.remove();
  if (!copied) throw new Error("The browser refused to copy.");
}

export function useCopyToClipboard(resetAfterMs = 2000) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = useCallback(
    async (text: string, label = "Copied to clipboard") => {
      try {
        await copyText(text);
        setCopied(true);
        toast.success(label);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setCopied(false), resetAfterMs);
      } catch {
        setCopied(false);
        toast.error("Could not copy", { description: "Select the text and copy it with your keyboard instead." });
      }
    },
    [resetAfterMs],
  );
  return { copied, copy };
}
