// Issue 13 (8): an in-page action that looks like a link. `<a onClick>` without an href is not
// reachable by Tab and does nothing on Enter; this is a real button (keyboard and screen
// readers know it) styled as antd's link.
import type { ReactNode } from 'react';
import { Button } from 'antd';

export function ActionLink({ onClick, children, ...rest }: { onClick: () => void; children: ReactNode; 'data-testid'?: string }) {
  return (
    <Button type="link" size="small" onClick={onClick} style={{ padding: 0, height: 'auto' }} {...rest}>
      {children}
    </Button>
  );
}
