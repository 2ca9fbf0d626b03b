import { FileUp } from "lucide-react";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { notifySuccess } from "@/lib/notify";
import { ACCEPTED_FILE_TYPES } from "./upload";
import type { useDatasetUploads } from "./use-dataset-uploads";

/** Picks a file and uploads it as the dataset's next version (progress shows in its UploadList). */
export function NewVersionButton({ uploads }: { uploads: ReturnType<typeof useDatasetUploads> }) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button variant="outline" onClick={() => inputRef.current?.click()}>
        <FileUp aria-hidden="true" />
        New version
      </Button>
      <input
        ref={inputRef}
        type="file"
        accept={ACCEPTED_FILE_TYPES}
        className="sr-only"
        tabIndex={-1}
        aria-label="Choose a file for the new version"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (!file) return;
          void uploads.start(file).then((dataset) => {
            if (dataset) notifySuccess(dataset.version_created ? `Uploaded v${dataset.latest_version?.number ?? ""} of “${dataset.name}”` : "Identical content was already a version");
          });
        }}
      />
    </>
  );
}
