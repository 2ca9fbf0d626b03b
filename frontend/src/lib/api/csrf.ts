/** Name of the JS-readable cookie the backend sets at login (double-submit CSRF). */
export const CSRF_COOKIE = "modelyard_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

export function readCookie(name: string, cookieString: string = document.cookie): string | null {
  for (const part of cookieString.split(";")) {
    const [rawKey, ...rest] = part.trim().split("=");
    if (rawKey === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Adds the CSRF header to a cookie-authenticated mutation; safe methods are left alone. */
export function withCsrfHeader(method: string, headers: Headers): Headers {
  if (SAFE_METHODS.has(method.toUpperCase())) return headers;
  const token = readCookie(CSRF_COOKIE);
  if (token && !headers.has(CSRF_HEADER)) headers.set(CSRF_HEADER, token);
  return headers;
}
