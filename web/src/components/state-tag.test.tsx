// State and track tags sit in narrow table columns (the case list's 状态 is 110 px): in English a
// state reads "Reported to the main leader (已报主要负责人)", which ran on under the next column.
// The tags wrap inside their cell instead.
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { I18nProvider } from '../i18n/i18n';
import { StateTag, TrackTags } from './state-tag';

describe('state and track tags', () => {
  it('Case list (English): a long state name wraps inside its column, whole, not cut and not over the next column', () => {
    render(
      <I18nProvider initial="en">
        <StateTag state="reported" zh="已报主要负责人" en="Reported to the main leader" />
        <TrackTags tracks={['FL', 'WC']} />
      </I18nProvider>,
    );
    const tag = screen.getByTestId('state-tag');
    expect(tag.textContent).toBe('Reported to the main leader (已报主要负责人)');
    for (const el of [tag, screen.getByText(/^FL /), screen.getByText(/^WC /)]) {
      expect(el.style.whiteSpace).toBe('normal');
      expect(el.style.maxWidth).toBe('100%');
    }
  });
});
