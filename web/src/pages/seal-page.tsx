// Issue 13 (4): the organisation's seal and signing certificate, managed by the system
// administrator. Each organisation has its own (issue 11, 0610): the page names whose they are, and
// an administrator over several organisations picks which one (`orgId` on every request); a
// document is issued with its own organisation's seal and certificate. The seal image (PNG with transparency, or JPEG) is stored by its hash and placed on
// every document issued afterwards; the certificate signs the issued PDFs. The organisation's own
// certificate is imported as a PKCS#12 file with its passphrase — the passphrase opens the file
// once on the server and is never shown again; a self-signed one can be made instead.
import { useEffect, useState } from 'react';
import { App, Button, Card, Collapse, Descriptions, Empty, Form, Input, Popconfirm, Select, Space, Typography, Upload } from 'antd';
import { SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { post, put } from '../lib/api';
import { useServerForm } from '../lib/use-server-form';
import { ErrorAlert } from '../components/error-alert';
import { LoadError } from '../components/page-errors';
import { formatDate } from '../lib/dates';

interface SealInfo {
  /** the organisation whose seal and certificate these are */
  org: { id: string; name: string };
  seal: { sha256: string; mimeType: string; createdAt: string } | null;
  certificate: { id: string; subject: string; sha256: string; notAfter: string; createdAt: string; sm2PublicKey: string } | null;
}

const MAX_SEAL = 1_000_000;
const MAX_P12 = 64_000;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

/** The hash behind a detail: a 法制科 officer reads 已登记; whoever checks opens 校验值. */
function HashDetail({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Collapse
      size="small"
      ghost
      items={[
        {
          key: 'h',
          label,
          children: (
            <Typography.Text copyable code style={{ wordBreak: 'break-all' }} data-testid={testId}>
              {value}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

function SealCard({ info, onChanged }: { info: SealInfo; onChanged: () => void }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);
  const sha = info.seal?.sha256;
  useEffect(() => {
    if (!sha) return setPreview(null);
    let url: string | null = null;
    let live = true;
    fetch(`/api/v1/documents/seal/image?orgId=${encodeURIComponent(info.org.id)}`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((b) => {
        url = URL.createObjectURL(b);
        if (live) setPreview(url);
      })
      .catch(setError);
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [sha, info.org.id]);
  const upload = async (file: File) => {
    setError(null);
    if (!['image/png', 'image/jpeg'].includes(file.type) || file.size > MAX_SEAL) {
      setError(new Error(pick({ zh: '印章图片须为不超过1MB的PNG或JPEG图片', en: 'The seal must be a PNG or JPEG image of at most 1 MB' })));
      return;
    }
    setBusy(true);
    try {
      await put('/api/v1/documents/seal', { orgId: info.org.id, mimeType: file.type, imageBase64: await readBase64(file) });
      message.success(pick({ zh: '印章已更新，此后印发的文书加盖新印章', en: 'Seal updated: documents issued from now on carry it' }));
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={pick({ zh: '单位电子印章', en: "The organisation's seal" })} data-testid="seal-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {pick({
            zh: '印发文书时，印章加盖在发文机关署名和成文日期上（GB/T 9704—2012）。建议使用透明背景的红色印章PNG图片。更换后，已印发的文书保留原印章。',
            en: 'On issue the seal is placed over the issuing organ and the date (GB/T 9704-2012). A red seal on a transparent PNG is best. Documents already issued keep their seal.',
          })}
        </Typography.Paragraph>
        {info.seal ? (
          <Space align="start" size={24} wrap>
            {preview ? <img src={preview} alt={pick({ zh: '当前单位印章', en: 'Current seal' })} style={{ width: 160, height: 160, objectFit: 'contain', border: '1px dashed #d9d9d9', borderRadius: 4 }} data-testid="seal-image" /> : null}
            <Descriptions size="small" column={1} style={{ minWidth: 320 }}>
              <Descriptions.Item label={pick({ zh: '状态', en: 'Status' })}>{pick({ zh: '已登记，印发时加盖', en: 'Registered; placed on issue' })}</Descriptions.Item>
              <Descriptions.Item label={pick({ zh: '上传时间', en: 'Uploaded' })}>{formatDate(info.seal.createdAt.slice(0, 10), lang)}</Descriptions.Item>
              <Descriptions.Item label={pick({ zh: '图片格式', en: 'Format' })}>{info.seal.mimeType === 'image/png' ? 'PNG' : 'JPEG'}</Descriptions.Item>
            </Descriptions>
          </Space>
        ) : (
          <Empty description={pick({ zh: '尚未上传印章：印发的文书只有电子签名，没有印章图像', en: 'No seal yet: issued documents are signed but carry no seal image' })} />
        )}
        {info.seal ? <HashDetail label={pick({ zh: '校验值（SHA-256）', en: 'Checksum (SHA-256)' })} value={info.seal.sha256} testId="seal-sha256" /> : null}
        <ErrorAlert error={error} />
        <Upload
          accept="image/png,image/jpeg"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} data-testid="seal-upload">
            {info.seal ? pick({ zh: '更换印章图片', en: 'Replace the seal image' }) : pick({ zh: '上传印章图片', en: 'Upload the seal image' })}
          </Button>
        </Upload>
      </Space>
    </Card>
  );
}

interface ImportValues {
  /** the file control (its bytes are read from the chosen File, not from the form value) */
  p12Base64?: unknown;
  passphrase: string;
}

function CertificateCard({ info, onChanged }: { info: SealInfo; onChanged: () => void }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ImportValues>();
  const { busy, error, unplaced, run } = useServerForm(form);
  const [fileName, setFileName] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [genBusy, setGenBusy] = useState(false);
  const [genError, setGenError] = useState<unknown>(null);
  const c = info.certificate;
  // The file control holds no ref antd can find: the server's sentence about the file goes on it here.
  useEffect(() => {
    const f = unplaced.find((u) => u.path === 'p12Base64');
    if (f) form.setFields([{ name: 'p12Base64', errors: [lang === 'zh' ? f.zh : f.en] }]);
  }, [unplaced, form, lang]);
  const submit = (v: ImportValues) =>
    run(async () => {
      if (!file) return;
      await post('/api/v1/documents/signing-key/import', { orgId: info.org.id, p12Base64: await readBase64(file), passphrase: v.passphrase ?? '' });
      message.success(pick({ zh: '签名证书已导入，此后印发的文书以该证书签名', en: 'Certificate imported: documents issued from now on are signed with it' }));
      form.resetFields();
      setFile(null);
      setFileName(null);
      onChanged();
    });
  const generate = async () => {
    setGenBusy(true);
    setGenError(null);
    try {
      await post('/api/v1/documents/signing-key', { orgId: info.org.id });
      message.success(pick({ zh: '已生成新的自签名证书', en: 'A new self-signed certificate was made' }));
      onChanged();
    } catch (e) {
      setGenError(e);
    } finally {
      setGenBusy(false);
    }
  };
  return (
    <Card title={pick({ zh: '电子签名证书', en: 'Signing certificate' })} data-testid="certificate-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {pick({
            zh: '印发的PDF文书以本单位证书作电子签名，任何PDF阅读器都能看出文件在印发后是否被改动。请导入本单位向电子认证服务机构申领的证书（PKCS#12格式，.p12或.pfx文件）及其口令；口令只用于打开文件，不保存、不显示。',
            en: 'Issued PDFs are signed with this certificate, so any PDF reader shows whether the file was changed after issue. Import the certification authority certificate of the organisation (PKCS#12, .p12 or .pfx) with its passphrase; the passphrase only opens the file and is neither kept nor shown.',
          })}
        </Typography.Paragraph>
        {c ? (
          <Descriptions size="small" column={1} bordered data-testid="certificate-info">
            <Descriptions.Item label={pick({ zh: '证书主体', en: 'Subject' })}>{c.subject}</Descriptions.Item>
            <Descriptions.Item label={pick({ zh: '有效期至', en: 'Valid until' })}>{formatDate(c.notAfter.slice(0, 10), lang)}</Descriptions.Item>
            <Descriptions.Item label={pick({ zh: '启用时间', en: 'In use since' })}>{formatDate(c.createdAt.slice(0, 10), lang)}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Empty description={pick({ zh: '尚无签名证书：首次印发时自动生成自签名证书', en: 'No certificate yet: a self-signed one is made at the first issue' })} />
        )}
        {c ? <HashDetail label={pick({ zh: '证书校验值（SHA-256）', en: 'Certificate checksum (SHA-256)' })} value={c.sha256} testId="certificate-sha256" /> : null}
        <Typography.Title level={2} style={{ fontSize: 15, marginTop: 8 }}>
          {pick({ zh: '导入本单位证书', en: "Import the organisation's certificate" })}
        </Typography.Title>
        <ErrorAlert error={error} fields={unplaced.filter((u) => u.path !== 'p12Base64')} />
        <Form form={form} layout="vertical" name="signingKey" onFinish={(v) => void submit(v)} style={{ maxWidth: 520 }}>
          <Form.Item name="p12Base64" label={pick({ zh: '证书文件（.p12 / .pfx）', en: 'Certificate file (.p12 / .pfx)' })} rules={[{ validator: () => (file ? Promise.resolve() : Promise.reject(new Error(pick({ zh: '请选择证书文件', en: 'Choose the certificate file' })))) }]}>
            <Upload
              accept=".p12,.pfx,application/x-pkcs12"
              showUploadList={false}
              beforeUpload={(f) => {
                if (f.size > MAX_P12) {
                  form.setFields([{ name: 'p12Base64', errors: [pick({ zh: '证书文件过大，不是有效的证书文件', en: 'The file is too large to be a certificate file' })] }]);
                  return false;
                }
                setFile(f);
                setFileName(f.name);
                form.setFields([{ name: 'p12Base64', errors: [] }]);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="p12-choose">
                {fileName ?? pick({ zh: '选择证书文件', en: 'Choose the file' })}
              </Button>
            </Upload>
          </Form.Item>
          <Form.Item name="passphrase" label={pick({ zh: '证书口令', en: 'Certificate passphrase' })} rules={[{ required: true, message: pick({ zh: '请填写证书口令', en: 'Enter the certificate passphrase' }) }]}>
            <Input.Password autoComplete="off" data-testid="p12-passphrase" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={busy} data-testid="p12-import">
            {pick({ zh: '导入证书', en: 'Import the certificate' })}
          </Button>
        </Form>
        <ErrorAlert error={genError} />
        <Popconfirm
          title={pick({ zh: '生成新的自签名证书并停用当前证书？已印发的文书仍可核验。', en: 'Make a new self-signed certificate and retire the current one? Documents already issued still verify.' })}
          onConfirm={() => void generate()}
          okText={pick({ zh: '生成', en: 'Make it' })}
          cancelText={pick({ zh: '取消', en: 'Cancel' })}
        >
          <Button loading={genBusy} data-testid="signing-key-generate">
            {pick({ zh: '生成自签名证书（无机构证书时）', en: 'Make a self-signed certificate (when there is no CA certificate)' })}
          </Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}

/** Whose seal and certificate the page shows; an administrator over several organisations picks one. */
function OrgBar({ org, several, onPick }: { org: { id: string; name: string }; several: boolean; onPick: (id: string) => void }) {
  const { pick } = useI18n();
  const orgs = useApi<{ items: { id: string; name: string; shortName: string }[] }>(several ? '/api/v1/orgs' : null);
  return (
    <Card size="small" data-testid="seal-org-bar">
      <Space wrap>
        <Typography.Text strong>{pick({ zh: '单位', en: 'Organisation' })}</Typography.Text>
        {several && orgs.data ? (
          <Select
            value={org.id}
            style={{ minWidth: 280 }}
            aria-label={pick({ zh: '选择单位', en: 'Choose the organisation' })}
            data-testid="seal-org"
            options={orgs.data.items.map((o) => ({ value: o.id, label: o.name }))}
            onChange={onPick}
          />
        ) : (
          <Typography.Text data-testid="seal-org-name">{org.name}</Typography.Text>
        )}
        <Typography.Text type="secondary">
          {pick({ zh: '本单位印发的文书加盖本单位印章、以本单位证书签名', en: "The organisation's documents carry its own seal and are signed with its own certificate" })}
        </Typography.Text>
      </Space>
    </Card>
  );
}

export default function SealPage() {
  const { me } = useSession();
  const several = (me?.org?.scopeSize ?? 1) > 1;
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const info = useApi<SealInfo>('/api/v1/documents/seal', orgId ? { orgId } : undefined);
  if (info.error && !info.data) return <LoadError error={info.error} onRetry={info.reload} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="seal-page">
      {info.data ? (
        <>
          <OrgBar org={info.data.org} several={several} onPick={setOrgId} />
          <SealCard key={`seal-${info.data.org.id}`} info={info.data} onChanged={info.reload} />
          <CertificateCard key={`cert-${info.data.org.id}`} info={info.data} onChanged={info.reload} />
        </>
      ) : (
        <Card loading />
      )}
    </Space>
  );
}
