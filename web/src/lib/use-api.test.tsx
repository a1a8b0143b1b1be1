// The case page shows the case view a step's answer carries (issue 14: one view per step, not
// the answer's and then a reload's): `replace` takes that copy, and a load begun before it —
// whose answer is older than the step — does not overwrite it.
import { describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';

let pending: Array<(v: unknown) => void> = [];
const get = vi.fn(() => new Promise((resolve) => pending.push(resolve)));
vi.mock('./api', () => ({ get: (...a: unknown[]) => get(...(a as [])), withQuery: (p: string) => p }));

describe('useApi.replace', () => {
  it('shows the copy a write answered with and fetches nothing more', async () => {
    pending = [];
    get.mockClear();
    const { useApi } = await import('./use-api');
    const { result } = renderHook(() => useApi<{ version: number }>('/api/v1/cases/c1'));
    expect(get).toHaveBeenCalledTimes(1);
    await act(async () => pending.shift()!({ version: 3 }));
    await waitFor(() => expect(result.current.data).toEqual({ version: 3 }));
    act(() => result.current.replace({ version: 4 }));
    expect(result.current.data).toEqual({ version: 4 });
    expect(result.current.loading).toBe(false);
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('drops the answer of a load begun before the copy was taken', async () => {
    pending = [];
    get.mockClear();
    const { useApi } = await import('./use-api');
    const { result } = renderHook(() => useApi<{ version: number }>('/api/v1/cases/c2'));
    act(() => result.current.replace({ version: 5 }));
    await act(async () => pending.shift()!({ version: 4 }));
    expect(result.current.data).toEqual({ version: 5 });
    // an explicit reload still loads
    act(() => result.current.reload());
    await act(async () => pending.shift()!({ version: 6 }));
    await waitFor(() => expect(result.current.data).toEqual({ version: 6 }));
  });
});
