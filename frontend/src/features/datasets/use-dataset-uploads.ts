import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { type ApiProblem, type DatasetCreated, toProblem } from "@/lib/api";
import { datasetKeys } from "./queries";
import { uploadDataset } from "./upload";

export type UploadPhase = "uploading" | "processing" | "done" | "failed" | "cancelled";

export interface UploadItem {
  id: string;
  fileName: string;
  size: number;
  loaded: number;
  phase: UploadPhase;
  error: ApiProblem | null;
  dataset: DatasetCreated | null;
}

/** Bytes sent as a whole percentage; a file of unknown size counts as 0 until it is sent. */
export function uploadPercent(item: Pick<UploadItem, "loaded" | "size" | "phase">): number {
  if (item.phase === "processing" || item.phase === "done") return 100;
  if (item.size <= 0) return 0;
  return Math.min(100, Math.floor((item.loaded / item.size) * 100));
}

let sequence = 0;

/**
 * Uploads files one request each, tracking bytes sent, the server's processing after
 * the last byte, and the outcome. Finished uploads refresh the datasets list, which
 * then polls the new version's profiling.
 */
export function useDatasetUploads(workspaceId: string, { datasetId }: { datasetId?: string } = {}) {
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  useEffect(() => {
    const current = controllers.current;
    return () => {
      for (const controller of current.values()) controller.abort();
      current.clear();
    };
  }, []);

  const update = useCallback((id: string, patch: Partial<UploadItem>) => {
    setItems((previous) => previous.map((item) => (item.id === id ? { ...item, ...patch } : item)));
  }, []);

  const start = useCallback(
    async (file: File): Promise<DatasetCreated | null> => {
      sequence += 1;
      const id = `upload-${sequence}`;
      const controller = new AbortController();
      controllers.current.set(id, controller);
      setItems((previous) => [{ id, fileName: file.name, size: file.size, loaded: 0, phase: "uploading", error: null, dataset: null }, ...previous]);
      try {
        const dataset = await uploadDataset({
          workspaceId,
          file,
          datasetId,
          signal: controller.signal,
          onProgress: ({ loaded, total }) => update(id, { loaded, ...(total ? { size: total } : {}) }),
          onSent: () => update(id, { phase: "processing" }),
        });
        update(id, { phase: "done", dataset });
        await queryClient.invalidateQueries({ queryKey: datasetKeys.all(workspaceId) });
        return dataset;
      } catch (error) {
        const problem = toProblem(error);
        update(id, { phase: controller.signal.aborted ? "cancelled" : "failed", error: controller.signal.aborted ? null : problem });
        return null;
      } finally {
        controllers.current.delete(id);
      }
    },
    [datasetId, queryClient, update, workspaceId],
  );

  const cancel = useCallback((id: string) => controllers.current.get(id)?.abort(), []);
  const dismiss = useCallback((id: string) => setItems((previous) => previous.filter((item) => item.id !== id)), []);

  return { items, start, cancel, dismiss };
}
