// Import and export of a register (units, people, original cases, WC-5 outcomes and compensation)
// or of the history (past decisions, issue 12 point 5) as Excel: download the template or the register; upload a
// file, which is first checked row by row (nothing written: the preview); then import all rows
// (only when every row is valid) or the valid rows only. With "update by key" a row whose key
// (employee no., unit short code, case number) is registered changes that record: the preview
// shows each row as new / changed (column: old → new) / unchanged / invalid, and the problems by
// column in the server's own words; a row correcting a fact accountability cases rest on is marked
// 更正 with the cases and its 更正理由 (without one it is the row's own error).
import { useState } from 'react';
import { Alert, App, Button, Checkbox, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import type { importReportOut } from '../../../src/services/excel/import-export';
import { useI18n } from '../i18n/i18n';
import { api, download } from '../lib/api';
import { EP } from '../lib/endpoints';
import { chinaDateOf } from '../lib/dates';
import { ErrorAlert } from '../components/error-alert';
import { useFocusReturn } from '../components/focus-return';

type Report = z.infer<typeof importReportOut>;
type Kind = 'units' | 'people' | 'original-cases' | 'original-outcomes' | 'decisions';
const NAMES: Record<Kind, { zh: string; en: string }> = {
  units: { zh: '单位', en: 'units' },
  people: { zh: '人员', en: 'people' },
  'original-cases': { zh: '原执法案件', en: 'original cases' },
  'original-outcomes': { zh: '错案结果与国家赔偿', en: 'WC-5 outcomes and compensation' },
  decisions: { zh: '历史处理决定', en: 'past decisions' },
};
/** the kinds whose rows can update a registered record by its key (the history only adds) */
const KEY_OF: Partial<Record<Kind, 'excel.keyUnit' | 'excel.keyPerson' | 'excel.keyCase'>> = { units: 'excel.keyUnit', people: 'excel.keyPerson', 'original-cases': 'excel.keyCase' };
const ACTION_COLORS: Record<string, string> = { new: 'blue', changed: 'orange', unchanged: 'default', invalid: 'red' };

/**
 * One row of the report: its errors by column; with update by key, what it does (new / changed:
 * column old → new / unchanged) and, for a row that corrects a fact accountability cases rest on
 * (an original case's participants, a certificate an open case reads, a post a decision set), that
 * correction with the cases named and its 更正理由.
 */
export function RowOutcome({ row: r, update }: { row: Report['rows'][number]; update: boolean }) {
  const { t, lang } = useI18n();
  if (!r.ok) {
    return (
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {r.errors.map((e, i) => (
          <li key={i} style={{ color: '#cf1322' }}>
            {e.column ? <Tag>{e.column}</Tag> : null}
            {lang === 'zh' ? e.zh : e.en}
          </li>
        ))}
      </ul>
    );
  }
  if (!update) return <Tag color="green">{t('excel.ok')}</Tag>;
  return (
    <div data-testid={`excel-row-${r.row}`}>
      <Tag color={ACTION_COLORS[r.action]}>{t(`excel.action.${r.action}` as 'excel.action.new')}</Tag>
      {r.corrections.length ? <Tag color="purple">{t('excel.correction')}</Tag> : null}
      {r.changes.length ? (
        <ul style={{ margin: '4px 0 0', paddingLeft: 16 }}>
          {r.changes.map((c, i) => (
            <li key={i}>
              <Tag>{c.column}</Tag>
              <Typography.Text delete type="secondary">
                {c.from || '—'}
              </Typography.Text>
              {' → '}
              <Typography.Text strong>{c.to || '—'}</Typography.Text>
            </li>
          ))}
        </ul>
      ) : null}
      {r.corrections.map((c, i) => (
        <Typography.Paragraph key={i} type="warning" style={{ margin: '4px 0 0' }} data-testid={`excel-correction-${r.row}`}>
          {lang === 'zh' ? c.zh : c.en}
          {c.reason ? `${lang === 'zh' ? '。更正理由：' : '. Reason: '}${c.reason}` : null}
        </Typography.Paragraph>
      ))}
    </div>
  );
}

export function ExcelButtons({ kind, canImport, onImported, label }: { kind: Kind; canImport: boolean; onImported: () => void; label?: string }) {
  const { t, lang, pick } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  useFocusReturn(open);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [update, setUpdate] = useState(false);
  // the file keeps its Chinese name (it is filed as such); the button reads in the page's language
  const name = NAMES[kind].zh;
  const exportLabel = label ? (lang === 'zh' ? `${t('excel.export')}（${name}）` : `${t('excel.export')} (${pick(NAMES[kind])})`) : t('excel.export');

  const send = async (f: File, mode: 'check' | 'all' | 'valid') => {
    setBusy(true);
    setError(null);
    try {
      const fd = new FormData();
      fd.append('file', f, f.name);
      const r = await api<Report>('POST', `${EP.excelImport(kind)}?mode=${mode}${update ? '&update=true' : ''}`, { body: fd });
      setReport(r);
      if (r.committed) {
        message.success(t('excel.imported', { n: r.imported }));
        onImported();
      }
    } catch (e) {
      setError(e);
      setReport(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space>
        <Button icon={<DownloadOutlined />} onClick={() => void download(EP.excelExport(kind), `${name}-${chinaDateOf(new Date())}.xlsx`).catch(setError)} data-testid={`excel-export-${kind}`}>
          {exportLabel}
        </Button>
        {canImport ? (
          <Button
            icon={<FileExcelOutlined />}
            onClick={() => {
              setOpen(true);
              setReport(null);
              setFile(null);
              setError(null);
              setUpdate(false);
            }}
            data-testid={`excel-import-${kind}`}
          >
            {label ?? t('excel.import')}
          </Button>
        ) : null}
      </Space>
      <Modal open={open} onCancel={() => setOpen(false)} footer={null} width={860} title={`${t('excel.import')} · ${pick(NAMES[kind])}`} destroyOnHidden>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space>
            <Button icon={<DownloadOutlined />} onClick={() => void download(EP.excelTemplate(kind), `导入模板-${name}.xlsx`).catch(setError)}>
              {t('excel.template')}
            </Button>
            <Upload
              accept=".xlsx"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                setFile(f);
                void send(f, 'check');
                return false;
              }}
            >
              <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="excel-choose">
                {t('excel.choose')}
              </Button>
            </Upload>
            {KEY_OF[kind] ? (
            <Checkbox
              checked={update}
              disabled={busy || Boolean(report?.committed)}
              onChange={(e) => {
                setUpdate(e.target.checked);
                setReport(null);
              }}
              data-testid="excel-update"
            >
              {t('excel.updateByKey', { key: t(KEY_OF[kind]) })}
            </Checkbox>
            ) : null}
            {file ? <Typography.Text type="secondary">{file.name}</Typography.Text> : null}
          </Space>
          <ErrorAlert error={error} fields={error && typeof error === 'object' && 'fields' in error ? (error as { fields: [] }).fields : undefined} />
          {report ? (
            <>
              <Alert
                type={report.committed ? 'success' : report.invalid ? 'warning' : 'info'}
                showIcon
                data-testid="excel-summary"
                title={
                  report.committed
                    ? t('excel.imported', { n: report.imported })
                    : report.update
                      ? t('excel.preview', { total: report.total, created: report.created, updated: report.updated, unchanged: report.unchanged, invalid: report.invalid })
                      : t('excel.summary', { total: report.total, valid: report.valid, invalid: report.invalid })
                }
                description={!report.committed && report.invalid ? t('excel.nothingImported') : undefined}
              />
              {!report.committed ? (
                <Space>
                  <Button type="primary" disabled={report.invalid > 0 || busy} onClick={() => file && void send(file, 'all')} data-testid="excel-import-all">
                    {t('excel.importAll')}
                  </Button>
                  {report.invalid > 0 && report.valid > 0 ? (
                    <Button onClick={() => file && void send(file, 'valid')} disabled={busy} data-testid="excel-import-valid">
                      {t('excel.importValid', { n: report.valid })}
                    </Button>
                  ) : null}
                </Space>
              ) : null}
              <Table
                size="small"
                rowKey="row"
                pagination={{ pageSize: 8 }}
                dataSource={report.rows}
                data-testid="excel-report"
                columns={[
                  { title: t('excel.row'), dataIndex: 'row', width: 70 },
                  { title: t('excel.key'), dataIndex: 'key', width: 200 },
                  {
                    title: t('excel.result'),
                    dataIndex: 'errors',
                    render: (_errs: Report['rows'][number]['errors'], r) => <RowOutcome row={r} update={report.update} />,
                  },
                ]}
              />
            </>
          ) : null}
        </Space>
      </Modal>
    </>
  );
}
