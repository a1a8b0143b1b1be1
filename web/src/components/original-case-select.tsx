// Picks an original enforcement case (原执法案件) from the register by number, title or counterpart.
import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { get } from '../lib/api';
import { EP } from '../lib/endpoints';

interface OriginalCaseLite {
  id: string;
  number: string;
  title: string;
  decisionDate: string;
  counterpart?: { name: string };
}

export function OriginalCaseSelect({ value, onChange, id, allowClear }: { value?: string; onChange?: (v: string | undefined) => void; id?: string; allowClear?: boolean }) {
  const [search, setSearch] = useState('');
  const [items, setItems] = useState<OriginalCaseLite[]>([]);
  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      get<{ items: OriginalCaseLite[] }>(EP.originalCases, { query: { q: search || undefined, pageSize: 50 }, signal: ctl.signal })
        .then((r) => setItems(r.items))
        .catch(() => setItems([]));
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [search]);
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      allowClear={allowClear}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={items.map((o) => ({ value: o.id, label: `${o.number} · ${o.title}${o.counterpart ? ` · ${o.counterpart.name}` : ''}` }))}
    />
  );
}
