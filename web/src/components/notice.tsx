// A page-level message (error, forbidden, missing, done): icon, title, text and the way on.
// antd's Result would bundle its large illustrations into every page; this stays light.
import type { ReactNode } from 'react';
import { CheckCircleFilled, CloseCircleFilled, InfoCircleFilled, StopOutlined, WarningFilled } from '@ant-design/icons';

const ICONS = {
  success: <CheckCircleFilled style={{ color: '#52c41a' }} />,
  error: <CloseCircleFilled style={{ color: '#cf1322' }} />,
  info: <InfoCircleFilled style={{ color: '#1f4e8c' }} />,
  warning: <WarningFilled style={{ color: '#d48806' }} />,
  forbidden: <StopOutlined style={{ color: '#8c8c8c' }} />,
};

export function Notice({ status, title, subTitle, extra, children }: { status: keyof typeof ICONS; title: ReactNode; subTitle?: ReactNode; extra?: ReactNode; children?: ReactNode }) {
  return (
    <div style={{ padding: '48px 24px', textAlign: 'center' }} role={status === 'error' ? 'alert' : undefined} data-testid={`notice-${status}`}>
      <div style={{ fontSize: 56, lineHeight: 1, marginBottom: 20 }}>{ICONS[status]}</div>
      <div style={{ fontSize: 22, color: 'rgba(0,0,0,.88)', marginBottom: 8 }}>{title}</div>
      {subTitle ? <div style={{ color: 'rgba(0,0,0,.55)', marginBottom: 24 }}>{subTitle}</div> : null}
      {children}
      {extra ? <div style={{ marginTop: 16 }}>{extra}</div> : null}
    </div>
  );
}
