// A citation such as FL-8(2). Hover or click shows the original Chinese text of the article or
// item (the authoritative wording), with the English gloss when the server sent one. The texts
// come from the server (rule-pack provisions, recommendation trace lines); never typed here.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { Popover, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { formatCitationZh } from '../../../src/lib/citation-format';

export interface CitationText {
  textZh: string;
  en?: string;
}

const CitationContext = createContext<ReadonlyMap<string, CitationText>>(new Map());

export function CitationProvider({ texts, children }: { texts: Record<string, CitationText> | ReadonlyMap<string, CitationText>; children: ReactNode }) {
  const parent = useContext(CitationContext);
  const map = useMemo(() => {
    const m = new Map(parent);
    const entries = texts instanceof Map ? [...texts.entries()] : Object.entries(texts);
    for (const [k, v] of entries) if (v?.textZh) m.set(k, v);
    return m;
  }, [parent, texts]);
  return <CitationContext.Provider value={map}>{children}</CitationContext.Provider>;
}

export function useCitationText(id: string): CitationText | undefined {
  const map = useContext(CitationContext);
  return map.get(id) ?? map.get(id.replace(/\(.*\)$/, ''));
}

export function Cite({ id, color }: { id: string; color?: string }) {
  const { lang } = useI18n();
  const text = useCitationText(id);
  const tag = (
    <Tag color={color ?? 'geekblue'} style={{ cursor: text ? 'pointer' : 'default', marginInlineEnd: 4 }} data-testid="citation" data-citation={id} title={id}>
      {/* issue 13: the Chinese citation by default; the FL/WC code stays as a compact tag */}
      {lang === 'zh' ? formatCitationZh(id) : id}
      {lang === 'zh' && formatCitationZh(id) !== id ? <span style={{ fontSize: 10, marginInlineStart: 4 }}>{id}</span> : null}
    </Tag>
  );
  if (!text) return tag;
  return (
    <Popover
      trigger={['hover', 'click']}
      title={`${formatCitationZh(id)}（${id}）`}
      content={
        <div style={{ maxWidth: 420 }} data-testid="citation-text">
          <Typography.Paragraph lang="zh-CN" style={{ marginBottom: text.en && lang === 'en' ? 8 : 0, fontFamily: "'Noto Serif CJK SC', 'Songti SC', SimSun, serif" }}>{text.textZh}</Typography.Paragraph>
          {lang === 'en' && text.en ? <Typography.Text type="secondary">{text.en}</Typography.Text> : null}
        </div>
      }
    >
      {tag}
    </Popover>
  );
}

export function Cites({ ids, color }: { ids: readonly string[]; color?: string }) {
  return (
    <>
      {[...new Set(ids)].map((id) => (
        <Cite key={id} id={id} color={color} />
      ))}
    </>
  );
}
