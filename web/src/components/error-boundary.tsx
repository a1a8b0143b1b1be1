// Never a blank page: a rendering error shows a calm message with the way back.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Space } from 'antd';
import { Notice } from './notice';
import { translate, readStoredLang } from '../i18n/i18n';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page error', error, info.componentStack);
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    // Navigating elsewhere clears the error: the next page gets its chance.
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    // The boundary may sit above the i18n context: read the stored choice directly.
    const lang = readStoredLang();
    return (
      <Notice
        status="error"
        title={translate(lang, 'error.title')}
        subTitle={
          <>
            <div>{translate(lang, 'error.pageCrashed')}</div>
            <div style={{ fontSize: 12, marginTop: 8, color: '#595959' }}>{this.state.error.message}</div>
          </>
        }
        extra={
          <Space>
            <Button type="primary" onClick={() => window.location.reload()}>
              {translate(lang, 'error.reload')}
            </Button>
            <Button href="/">{translate(lang, 'common.backHome')}</Button>
          </Space>
        }
      />
    );
  }
}
