// Public pages of issue 13 (no account needed): 公文核验 — does a printed or forwarded copy match
// what was issued? The browser hashes the chosen PDF (SHA-256, nothing is uploaded) and asks the
// server by 发文字号 + hash; and 责任追究通报 — the redacted notices published to the public (FL-5(4)).
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { get } from '../lib/api';
import { ErrorAlert } from '../components/error-alert';

interface VerifyResult {
  matches: boolean;
  document: { docNumber: string; title: string; kindZh: string; issuedOn: string | null; superseded: boolean } | null;
}

async function sha256Of(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function VerifyPage() {
  const { pick } = useI18n();
  const [params] = useSearchParams();
  const [number, setNumber] = useState(params.get('number') ?? '');
  const [hash, setHash] = useState('');
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const check = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await get<VerifyResult>('/api/v1/public/documents/verify', { query: { number: number.trim(), sha256: hash }, quiet401: true }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main style={{ maxWidth: 720, margin: '40px auto', padding: 16 }}>
      <h1 style={{ fontSize: 24 }}>{pick({ zh: '公文核验', en: 'Verify an official document' })}</h1>
      <Typography.Paragraph>
        {pick({
          zh: '输入公文的发文字号并选择收到的PDF文件，系统在本机计算文件校验值（文件不会上传），核对是否与印发的公文完全一致。',
          en: 'Enter the document number and choose the PDF you received. Its SHA-256 is computed on this computer (the file is not uploaded) and compared with the issued document.',
        })}
      </Typography.Paragraph>
      <Card>
        <Form layout="vertical" onFinish={() => void check()}>
          <Form.Item label={pick({ zh: '发文字号', en: 'Document number' })} htmlFor="verify-number" required>
            <Input id="verify-number" value={number} onChange={(e) => setNumber(e.target.value)} placeholder="巴住建问决〔2025〕1号" />
          </Form.Item>
          <Form.Item label={pick({ zh: 'PDF文件', en: 'PDF file' })} required extra={hash ? <span data-testid="verify-hash">{pick({ zh: '校验值', en: 'SHA-256' })}：{hash}</span> : null}>
            <Upload
              accept="application/pdf"
              maxCount={1}
              beforeUpload={(file) => {
                void sha256Of(file).then(setHash);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />}>{pick({ zh: '选择文件', en: 'Choose a file' })}</Button>
            </Upload>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} disabled={!number.trim() || !hash} data-testid="verify-submit">
            {pick({ zh: '核验', en: 'Verify' })}
          </Button>
        </Form>
      </Card>
      <ErrorAlert error={error} style={{ marginTop: 16 }} />
      {result ? (
        result.matches && result.document ? (
          <Alert
            style={{ marginTop: 16 }}
            type={result.document.superseded ? 'warning' : 'success'}
            showIcon
            data-testid="verify-result"
            title={pick({ zh: '与印发的公文一致', en: 'This is the issued document' })}
            description={`${result.document.docNumber} ${result.document.title}（${result.document.kindZh}，${result.document.issuedOn ?? ''}印发）${result.document.superseded ? pick({ zh: '；该公文已被更正，请以更正后的公文为准', en: '; it has since been corrected' }) : ''}`}
          />
        ) : (
          <Alert style={{ marginTop: 16 }} type="error" showIcon data-testid="verify-result" title={pick({ zh: '不一致：没有以此文号印发过这一文件', en: 'No match: no document with this number was issued as exactly this file' })} />
        )
      ) : null}
    </main>
  );
}

interface Notice {
  docNumber: string | null;
  title: string;
  publishedOn: string;
  channel: string;
  organ: string | null;
  paragraphs: { style: string; text: string }[];
}

export function NoticesPage() {
  const { pick } = useI18n();
  const [items, setItems] = useState<Notice[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<{ items: Notice[] }>('/api/v1/public/notices', { quiet401: true }).then((r) => setItems(r.items), setError);
  }, []);
  return (
    <main style={{ maxWidth: 860, margin: '40px auto', padding: 16 }}>
      <h1 style={{ fontSize: 24 }}>{pick({ zh: '行政执法责任追究情况通报', en: 'Accountability notices' })}</h1>
      <ErrorAlert error={error} />
      {items && !items.length ? <Typography.Text>{pick({ zh: '暂无公开的通报', en: 'No notices published' })}</Typography.Text> : null}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {(items ?? []).map((n, i) => (
          <Card key={i} title={<h2 style={{ fontSize: 18, margin: 0 }}>{n.title}</h2>} extra={`${n.docNumber ?? ''} · ${n.publishedOn}`} data-testid="public-notice">
            {n.paragraphs.map((p, j) => (
              <Typography.Paragraph key={j} strong={p.style === 'h1'} style={{ textIndent: p.style === 'body' ? '2em' : undefined }}>
                {p.text}
              </Typography.Paragraph>
            ))}
            <Typography.Text>{n.organ}</Typography.Text>
          </Card>
        ))}
      </Space>
    </main>
  );
}

export default VerifyPage;
