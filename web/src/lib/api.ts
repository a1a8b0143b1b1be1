// The one way the web app talks to the server. The session travels in the httpOnly
// `wenze_session` cookie set at login, so no token is kept in JavaScript. Every failure becomes an
// ApiError carrying the server's code and its Chinese and English messages.
export interface FieldError {
  path: string;
  code?: string;
  zh: string;
  en: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, code: string, zh: string, en: string, details?: Record<string, unknown>) {
    super(`${code}: ${en}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.zh = zh;
    this.en = en;
    this.details = details;
  }
  /** per-field messages of a VALIDATION_FAILED answer */
  get fields(): FieldError[] {
    const f = (this.details as { fields?: unknown } | undefined)?.fields;
    return Array.isArray(f) ? (f as FieldError[]) : [];
  }
}

export const NETWORK_ERROR = 'NETWORK';

/** Listeners told when the server says the session is gone (401), so the app returns to login. */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(fn: () => void): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: a proxy page or an empty body */
  }
  const e = (body as { error?: { code?: string; messageZh?: string; messageEn?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
  if (e?.code) return new ApiError(res.status, e.code, e.messageZh ?? e.message ?? e.code, e.messageEn ?? e.message ?? e.code, e.details);
  return new ApiError(res.status, res.status >= 500 ? 'INTERNAL' : 'HTTP_' + res.status, `服务器返回 ${res.status}`, `The server answered ${res.status}`);
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined | readonly string[]>;
  signal?: AbortSignal;
  /** don't broadcast a 401 (the login form handles its own) */
  quiet401?: boolean;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' }, signal: opts.signal };
  if (opts.body instanceof FormData) init.body = opts.body;
  else if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), init);
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, NETWORK_ERROR, '无法连接服务器，请检查网络后重试', 'Cannot reach the server; check the network and retry');
  }
  if (!res.ok) {
    const e = await toApiError(res);
    if (res.status === 401 && !opts.quiet401) for (const fn of unauthenticatedListeners) fn();
    throw e;
  }
  return res;
}

export async function api<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, opts);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const get = <T>(path: string, opts?: RequestOptions) => api<T>('GET', path, opts);
export const post = <T>(path: string, body?: unknown, opts?: RequestOptions) => api<T>('POST', path, { ...opts, body });
export const patch = <T>(path: string, body?: unknown, opts?: RequestOptions) => api<T>('PATCH', path, { ...opts, body });
export const put = <T>(path: string, body?: unknown, opts?: RequestOptions) => api<T>('PUT', path, { ...opts, body });
export const del = <T>(path: string, opts?: RequestOptions) => api<T>('DELETE', path, opts);

/** Fetch a file (Excel export, evidence) and hand it to the browser as a download. */
export async function download(path: string, fallbackName: string, opts: RequestOptions = {}): Promise<void> {
  const res = await send(opts.body === undefined ? 'GET' : 'POST', path, opts);
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) ?? /filename="?([^";]+)"?/i.exec(cd);
  saveBlob(blob, m?.[1] ? decodeURIComponent(m[1]) : fallbackName);
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
