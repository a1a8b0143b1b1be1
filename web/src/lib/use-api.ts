// Load a resource for a page: data, error and a reload, cancelled when the page goes away or
// the request changes.
import { useCallback, useEffect, useRef, useState } from 'react';
import { get, withQuery, type RequestOptions } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /**
   * Takes a fresh copy the server already sent (a write's answer carrying the resource) in place
   * of loading it again; a load still under way for the same URL is dropped.
   */
  replace(data: T): void;
}

export function useApi<T>(path: string | null, query?: RequestOptions['query']): Loaded<T> {
  const url = path ? withQuery(path, query) : null;
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState<boolean>(Boolean(url));
  const [tick, setTick] = useState(0);
  const current = useRef<string | null>(null);

  useEffect(() => {
    if (!url) {
      setLoading(false);
      return;
    }
    const ctl = new AbortController();
    current.current = url;
    setLoading(true);
    get<T>(url, { signal: ctl.signal })
      .then((d) => {
        if (current.current !== url) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => {
        if ((e as Error)?.name === 'AbortError') return;
        setError(e);
      })
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [url, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const replace = useCallback((d: T) => {
    current.current = null; // an answer to a load begun before is older than this copy
    setData(d);
    setError(null);
    setLoading(false);
  }, []);
  return { data, error, loading, reload, replace };
}
