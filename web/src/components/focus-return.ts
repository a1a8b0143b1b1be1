// Issue 13 (8): focus goes back to the control that opened a drawer or a dialog when it closes.
// rc-drawer remembers the focused element only after its panel has taken focus on some paths
// (destroyOnHidden, portals mounted on first open), and overlays mounted only while shown
// (`{x && <Drawer open …/>}`) vanish at once: either way focus fell to the page body. A drawer
// or dialog calls this hook with its `open`: the element focused when it opened (captured in a
// layout effect, before the drawer's own passive effect moves focus into the panel) gets focus
// back when it closes or unmounts.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

function focusedElement(): HTMLElement | null {
  const active = typeof document === 'undefined' ? null : document.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}

export function useFocusReturn(open = true): void {
  // A drawer mounted already open: read at the first render, before anything takes focus.
  const [atMount] = useState(focusedElement);
  const first = useRef(true);
  const trigger = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open) trigger.current = (first.current ? atMount : null) ?? focusedElement();
    first.current = false;
  }, [open, atMount]);
  useEffect(() => {
    if (!open) return;
    return () => {
      const t = trigger.current;
      if (t?.isConnected) t.focus({ preventScroll: true });
    };
  }, [open]);
}
