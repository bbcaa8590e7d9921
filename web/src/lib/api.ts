// REST client for the Carrel API: JSON in and out, the bearer token, and the error envelope
// turned into an ApiError with the server's code, HTTP status and details.

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;
  readonly retryAfter: number | null;

  constructor(status: number, body: ApiErrorBody, retryAfter: number | null = null) {
    super(body.message || body.code);
    this.name = "ApiError";
    this.code = body.code;
    this.status = status;
    this.details = body.details ?? {};
    this.retryAfter = retryAfter;
  }

  /** Per-field validation messages ({email: "must be an email address"}), if any. */
  get fields(): Record<string, string> {
    const fields = this.details.fields;
    return fields && typeof fields === "object" ? (fields as Record<string, string>) : {};
  }
}

/** Thrown when the server cannot be reached at all. */
export const NETWORK_ERROR = "NETWORK_ERROR";

export interface RequestOptions {
  token?: string | null;
  signal?: AbortSignal;
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, { code: NETWORK_ERROR, message: "The server cannot be reached" });
  }
  return parseResponse<T>(res.status, res.headers.get("Retry-After"), await res.text());
}

/** Shared by fetch and XMLHttpRequest callers: the JSON body, or an ApiError for an error. */
export function parseResponse<T>(status: number, retryAfter: string | null, text: string): T {
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (status >= 200 && status < 300) return data as T;
  const envelope = (data as { error?: ApiErrorBody } | null)?.error;
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  throw new ApiError(
    status,
    envelope && typeof envelope.code === "string"
      ? envelope
      : { code: status === 0 ? NETWORK_ERROR : `HTTP_${status}`, message: `HTTP ${status}` },
    Number.isFinite(seconds) ? seconds : null,
  );
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, undefined, options),
  post: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>("POST", path, body ?? {}, options),
};
