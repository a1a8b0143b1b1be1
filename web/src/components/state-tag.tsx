import type { CSSProperties } from 'react';
import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n';
import { STATE_COLORS, TRACK_LABELS } from '../case/labels';

/** A tag in a table cell wraps inside its column (an English state name is longer than the column) instead of running under the next one. */
const WRAP: CSSProperties = { whiteSpace: 'normal', maxWidth: '100%', height: 'auto', overflowWrap: 'anywhere' };

export function StateTag({ state, zh, en }: { state: string; zh: string; en: string }) {
  const { term } = useI18n();
  return (
    <Tag color={STATE_COLORS[state] ?? 'default'} data-testid="state-tag" data-state={state} style={WRAP}>
      {term({ zh, en })}
    </Tag>
  );
}

export function TrackTags({ tracks }: { tracks: readonly string[] }) {
  const { term } = useI18n();
  return (
    <>
      {tracks.map((t) => (
        <Tag key={t} color={t === 'FL' ? 'volcano' : 'purple'} variant="outlined" style={WRAP}>
          {t} {term(TRACK_LABELS[t] ?? { zh: t, en: t })}
        </Tag>
      ))}
    </>
  );
}
