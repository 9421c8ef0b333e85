/** fetch wrapper: JSON in/out, bearer token, one silent re-authentication on 401, typed failures. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The request never got an HTTP answer (offline, DNS, timeout, server down). */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

/** No answer within the deadline (the server or the network is too slow). */
export class TimeoutError extends NetworkError {
  override name = 'TimeoutError';
}

/** The page itself gave up on the request (the user retried or closed the sheet). */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

export interface RequestOptions {
  /** Aborts the request (a retry replaces it); the promise then rejects with CancelledError. */
  signal?: AbortSignal;
}

export interface TokenSource {
  /** The token to send now, or null when there is none yet. */
  current(): string | null;
  /** Obtains a fresh token (may navigate away for an OAuth round-trip and never resolve). */
  renew(): Promise<string>;
}

export interface HttpClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T>;
  put<T>(path: string, body: unknown, options?: RequestOptions): Promise<T>;
}

export interface HttpClientOptions {
  tokens: TokenSource;
  /** Lets dev mode simulate an unreachable network without touching the real one. */
  isOffline?: () => boolean;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export function createHttpClient({ tokens, isOffline, timeoutMs = DEFAULT_TIMEOUT_MS }: HttpClientOptions): HttpClient {
  async function send(method: string, path: string, body: unknown, token: string | null, signal?: AbortSignal): Promise<Response> {
    if (isOffline?.()) throw new NetworkError('offline (simulated)');
    return fetchJson(method, path, body, token, timeoutMs, signal);
  }

  async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    let token = tokens.current() ?? (await tokens.renew());
    let res = await send(method, path, body, token, options.signal);
    if (res.status === 401) {
      // Expired or revoked session: re-authenticate silently once, then give up loudly.
      token = await tokens.renew();
      res = await send(method, path, body, token, options.signal);
    }
    return readJson<T>(res);
  }

  return {
    get: (path) => request('GET', path),
    post: (path, body, options) => request('POST', path, body, options),
    patch: (path, body, options) => request('PATCH', path, body, options),
    put: (path, body, options) => request('PUT', path, body, options),
  };
}

/** One JSON request with a timeout: a hanging server becomes a NetworkError instead of an endless wait. */
async function fetchJson(
  method: string,
  path: string,
  body: unknown,
  token: string | null,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Response> {
  // The server records changes made through this page with source `sidebar`.
  const headers: Record<string, string> = { accept: 'application/json', 'x-chatcrm-client': 'sidebar' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  const cancel = () => abort.abort();
  if (signal?.aborted) abort.abort();
  signal?.addEventListener('abort', cancel);
  try {
    return await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: abort.signal,
      credentials: 'omit',
    });
  } catch (err) {
    if (timedOut) throw new TimeoutError(`no answer within ${Math.round(timeoutMs / 1000)} s`);
    if (signal?.aborted) throw new CancelledError('cancelled');
    throw new NetworkError(err instanceof Error ? err.message : String(err));
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

/** A single JSON request outside the client (no re-authentication): typed failure, parsed body. */
export async function sendJson<T>(
  method: string,
  path: string,
  body: unknown,
  token: string | null,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  return readJson<T>(await fetchJson(method, path, body, token, timeoutMs));
}

async function readJson<T>(res: Response): Promise<T> {
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export async function toApiError(res: Response): Promise<ApiError> {
  let code = `http_${res.status}`;
  let message = res.statusText || `HTTP ${res.status}`;
  let details: unknown;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code) code = body.error.code;
    if (body.error?.message) message = body.error.message;
    details = body.error?.details;
  } catch {
    // Not JSON (proxy error page): keep the status line.
  }
  return new ApiError(res.status, code, message, details);
}

/** A file download (CSV, XLSX) with the session's token; a refusal is typed like a JSON request's. */
export async function fetchBlob(tokens: TokenSource, path: string): Promise<Blob> {
  const token = tokens.current() ?? (await tokens.renew());
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}`, 'x-chatcrm-client': 'sidebar' } });
  if (!res.ok) throw await toApiError(res);
  return res.blob();
}
