// Units (委属各单位、机关各科室) as a tree; a unit's people on the right.
import { useMemo, useState } from 'react';
import { Button, Card, Col, Empty, Form, Input, Row, Select, Space, Table, Tag, Tree, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { useApi } from '../lib/use-api';
import { EP } from '../lib/endpoints';
import { LoadError } from '../components/page-errors';
import { UnitSelect } from '../components/register-selects';
import { FormDrawer, useRegisterLabels } from '../registers/common';
import { ExcelButtons } from '../registers/excel-import';

interface UnitNode {
  id: string;
  name: string;
  shortCode: string;
  kind: string;
  active: boolean;
  parentId: string | null;
  children: UnitNode[];
}
interface PersonRow {
  id: string;
  name: string;
  unitName: string;
  post: string | null;
  employeeNo: string | null;
}

export default function UnitsPage() {
  const { t, term } = useI18n();
  const { can } = useSession();
  const labels = useRegisterLabels();
  const units = useApi<{ items: UnitNode[] }>(EP.units, { includeInactive: true });
  const [selected, setSelected] = useState<string | null>(null);
  const people = useApi<{ items: PersonRow[]; total: number }>(selected ? EP.people : null, { unitId: selected ?? undefined, pageSize: 100 });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();

  const treeData = useMemo(() => {
    interface TreeNode {
      key: string;
      title: React.ReactNode;
      children: TreeNode[];
    }
    const map = (n: UnitNode): TreeNode => ({
      key: n.id,
      title: (
        <span>
          {n.name} <Typography.Text type="secondary">{n.shortCode}</Typography.Text> {!n.active ? <Tag>{t('reg.inactive')}</Tag> : null}
        </span>
      ),
      children: n.children.map(map),
    });
    return (units.data?.items ?? []).map(map);
  }, [units.data, t]);

  if (units.error && !units.data) return <LoadError error={units.error} onRetry={units.reload} />;
  return (
    <Row gutter={16}>
      <Col span={10}>
        <Card
          title={t('reg.units')}
          loading={units.loading && !units.data}
          extra={
            <Space>
              <ExcelButtons kind="units" canImport={can('registers.write')} onImported={units.reload} />
              {can('registers.write') ? (
                <Button icon={<PlusOutlined />} onClick={() => (form.resetFields(), setCreating(true))}>
                  {t('reg.newUnit')}
                </Button>
              ) : null}
            </Space>
          }
        >
          {treeData.length ? <Tree treeData={treeData} defaultExpandAll blockNode onSelect={(keys) => setSelected((keys[0] as string) ?? null)} data-testid="unit-tree" /> : <Empty />}
        </Card>
      </Col>
      <Col span={14}>
        <Card title={t('reg.people')}>
          {selected ? (
            <Table
              size="small"
              rowKey="id"
              loading={people.loading}
              dataSource={people.data?.items ?? []}
              pagination={false}
              columns={[
                { title: t('reg.name'), dataIndex: 'name' },
                { title: t('reg.employeeNo'), dataIndex: 'employeeNo' },
                { title: t('reg.post'), dataIndex: 'post' },
                { title: t('case.unit'), dataIndex: 'unitName' },
              ]}
            />
          ) : (
            <Empty description={t('reg.units')} />
          )}
        </Card>
      </Col>
      <FormDrawer
        open={creating}
        title={t('reg.newUnit')}
        form={form}
        name="unit"
        method="POST"
        path={EP.units}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          units.reload();
        }}
        initialValues={{ kind: 'section' }}
      >
        <Form.Item name="name" label={t('reg.unitName')} required>
          <Input />
        </Form.Item>
        <Form.Item name="shortCode" label={t('reg.shortCode')} required>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('reg.kind')} required>
          <Select options={Object.entries(labels?.unitKinds ?? {}).map(([value, l]) => ({ value, label: term(l) }))} />
        </Form.Item>
        <Form.Item name="parentId" label={t('reg.parent')}>
          <UnitSelect allowClear />
        </Form.Item>
      </FormDrawer>
    </Row>
  );
}
