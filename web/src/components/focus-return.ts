// Issue 13 (8): focus goes back to the control that opened a drawer or a dialog when it closes.
// rc-drawer remembers the focused element only after its panel has taken focus on some paths
// (destroyOnHidden, portals mounted on first open), and overlays mounted only while shown
// (`{x && <Drawer open …/>}`) vanish at once: either way focus fell to the page body. A drawer
// or dialog calls this hook with its `open`: the element focused when it opened (captured in a
// layout effect, before the drawer's own passive effect moves focus into the panel) gets focus
// back when it closes or unmounts.
//
// Given back once is not enough: the closing drawer's focus lock (@rc-component/util lockFocus)
// may still be held for a render after `open` turned false and pulls focus back into the panel,
// which then unmounts and leaves focus on the body (seen in the browser sweep, now and then). So
// for a short while after closing, focus found lost (on the body, on a node no longer in the page,
// or inside an overlay that is closing) goes back to the opener; focus the user moved elsewhere
// is left alone.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

/** How long after closing a lost focus is still given back (the overlays' closing animation). */
export const FOCUS_SETTLE_MS = 1_000;
const FOCUS_POLL_MS = 50;

function focusedElement(): HTMLElement | null {
  const active = typeof document === 'undefined' ? null : document.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}

/** Focus that nobody chose: the body, a removed node, or a node of an overlay that is closing. */
export function focusIsLost(): boolean {
  const a = document.activeElement;
  if (!a || a === document.body || !a.isConnected) return true;
  if (a.closest('.ant-drawer:not(.ant-drawer-open)')) return true;
  const wrap = a.closest<HTMLElement>('.ant-modal-wrap');
  return Boolean(wrap && (wrap.style.display === 'none' || wrap.querySelector('.ant-modal[class*="-leave"]')));
}

function giveBack(trigger: HTMLElement): void {
  const until = Date.now() + FOCUS_SETTLE_MS;
  const tick = () => {
    if (!trigger.isConnected) return;
    if (document.activeElement !== trigger && focusIsLost()) trigger.focus({ preventScroll: true });
    if (Date.now() < until) setTimeout(tick, FOCUS_POLL_MS);
  };
  tick();
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
      if (t?.isConnected) giveBack(t);
    };
  }, [open]);
}
