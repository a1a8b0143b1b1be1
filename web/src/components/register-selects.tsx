// Pickers over the registers: a person (searched by name, employee no. or post) and a unit (the
// tree). They read the registers API; when it cannot be reached the picker is simply empty and
// the form's own validation says what is missing.
import { useEffect, useMemo, useState } from 'react';
import { Select, TreeSelect, type SelectProps } from 'antd';
import { get } from '../lib/api';
import { EP } from '../lib/endpoints';
import { useApi } from '../lib/use-api';

interface PersonLite {
  id: string;
  name: string;
  unitName?: string;
  post?: string | null;
  employeeNo?: string | null;
}

interface UnitNode {
  id: string;
  name: string;
  shortCode?: string;
  active?: boolean;
  children?: UnitNode[];
}

const personLabel = (p: PersonLite): string => [p.name, p.employeeNo, p.unitName, p.post].filter(Boolean).join(' · ');

export function PersonSelect(props: Omit<SelectProps<string | string[]>, 'options' | 'onSearch' | 'filterOption'> & { multiple?: boolean }) {
  const { multiple, ...rest } = props;
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<PersonLite[]>([]);
  const [known, setKnown] = useState<Map<string, PersonLite>>(new Map());
  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      get<{ items: PersonLite[] }>(EP.people, { query: { q: search || undefined, pageSize: 50 }, signal: ctl.signal })
        .then((r) => {
          setOptions(r.items);
          setKnown((m) => {
            const n = new Map(m);
            for (const p of r.items) n.set(p.id, p);
            return n;
          });
        })
        .catch(() => setOptions([]));
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [search]);
  // Keep the label of a chosen person visible even when the current search does not list them.
  const values = (Array.isArray(rest.value) ? rest.value : rest.value ? [rest.value] : []) as string[];
  const all = [...options, ...values.filter((v) => !options.some((o) => o.id === v)).map((v) => known.get(v) ?? { id: v, name: v })];
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      mode={multiple ? 'multiple' : undefined}
      {...rest}
      options={all.map((p) => ({ value: p.id, label: personLabel(p) }))}
    />
  );
}

function toTree(nodes: UnitNode[]): { value: string; title: string; children?: ReturnType<typeof toTree> }[] {
  return nodes.map((n) => ({ value: n.id, title: n.shortCode ? `${n.name}（${n.shortCode}）` : n.name, children: n.children?.length ? toTree(n.children) : undefined }));
}

export function UnitSelect(props: { value?: string; onChange?: (v: string | undefined) => void; allowClear?: boolean; style?: React.CSSProperties; id?: string }) {
  const units = useApi<UnitNode[] | { items: UnitNode[] }>(EP.units);
  const tree = useMemo(() => {
    const d = units.data;
    return toTree(Array.isArray(d) ? d : (d?.items ?? []));
  }, [units.data]);
  return <TreeSelect {...props} treeData={tree} treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} popupMatchSelectWidth={false} />;
}
