import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import { useEffect, useRef, useState } from 'react';
import { useFocusReturn } from './focus-return';

/**
 * A drawer as antd draws it: a root `.ant-drawer` with `ant-drawer-open` while open, kept in the
 * page while it closes. `pullBack` plays the closing drawer's focus lock: after the hook has given
 * focus back, it takes focus into the closing panel again (then the panel goes, and focus with it).
 */
/** The panel's first control, focused by a passive effect when the drawer opens, as rc-drawer does. */
function Inside({ open }: { open: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);
  return <input aria-label="inside" ref={ref} />;
}

function Page({ pullBack }: { pullBack: boolean }) {
  const [open, setOpen] = useState(false);
  const [mounted, setMounted] = useState(false);
  useFocusReturn(open);
  return (
    <div>
      <button type="button" onClick={() => (setOpen(true), setMounted(true))}>
        open
      </button>
      <button type="button">elsewhere</button>
      {mounted ? (
        <div className={open ? 'ant-drawer ant-drawer-open' : 'ant-drawer'}>
          <Inside open={open} />
          <button
            type="button"
            onClick={() => {
              setOpen(false);
              if (pullBack) setTimeout(() => screen.getByLabelText('inside').focus(), 0);
              setTimeout(() => setMounted(false), 120);
            }}
          >
            close
          </button>
        </div>
      ) : null}
    </div>
  );
}

describe('focus return (issue 13 point 8: focus goes back to the control that opened a drawer)', () => {
  it('gives focus back to the opener when the drawer closes', async () => {
    render(<Page pullBack={false} />);
    const opener = screen.getByText('open');
    opener.focus();
    act(() => opener.click());
    expect(document.activeElement).toBe(screen.getByLabelText('inside'));
    act(() => screen.getByText('close').click());
    await waitFor(() => expect(screen.queryByLabelText('inside')).toBeNull());
    expect(document.activeElement).toBe(opener);
  });

  it('gives focus back again when the closing drawer pulls it into its panel and then leaves the page', async () => {
    render(<Page pullBack />);
    const opener = screen.getByText('open');
    opener.focus();
    act(() => opener.click());
    act(() => screen.getByText('close').click());
    await waitFor(() => expect(screen.queryByLabelText('inside')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });

  it('leaves focus where the user moved it after closing', async () => {
    render(<Page pullBack={false} />);
    const opener = screen.getByText('open');
    opener.focus();
    act(() => opener.click());
    act(() => screen.getByText('close').click());
    const elsewhere = screen.getByText('elsewhere');
    elsewhere.focus();
    await waitFor(() => expect(screen.queryByLabelText('inside')).toBeNull());
    await new Promise((r) => setTimeout(r, 200));
    expect(document.activeElement).toBe(elsewhere);
  });
});
