/**
 * A stand-in for the browser's XMLHttpRequest (jsdom's would try the network), so
 * tests can drive upload progress and the response by hand.
 */
type Handler = ((event: ProgressEvent) => void) | null;

export class FakeXhr {
  static instances: FakeXhr[] = [];
  static readonly DONE = 4;

  method = "";
  url = "";
  withCredentials = false;
  headers = new Map<string, string>();
  body: unknown = null;
  status = 0;
  statusText = "";
  responseText = "";
  responseHeaders = new Map<string, string>();
  aborted = false;
  onload: Handler = null;
  onerror: Handler = null;
  onabort: Handler = null;
  upload: { onprogress: Handler; onload: Handler } = { onprogress: null, onload: null };

  constructor() {
    FakeXhr.instances.push(this);
  }

  static latest(): FakeXhr {
    const xhr = FakeXhr.instances.at(-1);
    if (!xhr) throw new Error("no XMLHttpRequest was opened");
    return xhr;
  }

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string) {
    this.headers.set(name, value);
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders.get(name.toLowerCase()) ?? null;
  }

  send(body: unknown) {
    this.body = body;
  }

  abort() {
    this.aborted = true;
    this.onabort?.(new ProgressEvent("abort"));
  }

  /** Bytes sent so far. */
  progress(loaded: number, total: number) {
    this.upload.onprogress?.(new ProgressEvent("progress", { loaded, total, lengthComputable: true }));
  }

  /** Every byte sent, then the server's answer. */
  respond(status: number, body: unknown, headers: Record<string, string> = {}) {
    this.upload.onload?.(new ProgressEvent("load"));
    this.status = status;
    this.statusText = status === 413 ? "Request Entity Too Large" : "";
    this.responseText = typeof body === "string" ? body : JSON.stringify(body);
    for (const [key, value] of Object.entries(headers)) this.responseHeaders.set(key.toLowerCase(), value);
    this.onload?.(new ProgressEvent("load"));
  }

  fail() {
    this.onerror?.(new ProgressEvent("error"));
  }
}
