// The calm frame of the sign-in and first-run pages.
import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from '../layout/app-layout';

export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: 'linear-gradient(160deg, #14284b 0%, #1f4e8c 55%, #f5f6f8 55.1%)' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: '12px 20px' }}>
        <LanguageSwitch style={{ color: '#fff' }} />
      </div>
      <div style={{ flex: 1, display: 'flex', alignItems: 'flex-start', justifyContent: 'center', paddingTop: '6vh' }}>
        <div style={{ width: 400, maxWidth: '92vw' }}>
          <div style={{ textAlign: 'center', color: '#fff', marginBottom: 20 }}>
            <div style={{ display: 'inline-flex', width: 48, height: 48, borderRadius: 10, background: '#a8071a', alignItems: 'center', justifyContent: 'center', fontSize: 26, fontWeight: 700 }}>责</div>
            <div style={{ fontSize: 22, fontWeight: 600, marginTop: 10, letterSpacing: 2 }}>{t('app.title')}</div>
            <div style={{ opacity: 0.8, marginTop: 4 }}>{t('app.org')}</div>
          </div>
          <Card title={<h1 style={{ fontSize: 16, fontWeight: 600, margin: 0 }}>{title}</h1>} style={{ boxShadow: '0 6px 24px rgba(20,40,75,.18)' }}>
            {children}
          </Card>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 16, fontSize: 12 }}>
            《行政执法过错责任追究办法》《行政执法错案责任倒查问责办法》
          </Typography.Paragraph>
        </div>
      </div>
    </div>
  );
}
