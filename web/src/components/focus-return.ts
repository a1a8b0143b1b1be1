// Issue 13 (8): focus goes back to the control that opened a drawer or a dialog when it closes.
// antd's Drawer and Modal do this themselves when they stay mounted and animate closed; the
// overlays that are mounted only while shown (`{x && <Drawer open …/>}`) vanish at once, and
// focus would fall to the page body. Those call this hook: it remembers the element that had
// focus when the overlay first rendered and gives focus back when the overlay unmounts.
import { useEffect, useState } from 'react';

export function useFocusReturn(): void {
  // Read at the first render, before the overlay takes focus: the trigger still holds it.
  const [trigger] = useState<HTMLElement | null>(() => (typeof document !== 'undefined' && document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null));
  useEffect(
    () => () => {
      if (trigger?.isConnected) trigger.focus({ preventScroll: true });
    },
    [trigger],
  );
}
