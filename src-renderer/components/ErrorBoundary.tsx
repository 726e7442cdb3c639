import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Props = { readonly feature: string; readonly children: ReactNode };
type State = { readonly error: Error | null };

/** One per feature (STYLE.md): a crash in the directory tab must not take identification down. */
export class FeatureBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`feature "${this.props.feature}" crashed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) return <BoundaryFallback error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}

function BoundaryFallback({ error, onRetry }: { readonly error: Error; readonly onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="boundary" role="alert">
      <h2>{t('app.errorTitle')}</h2>
      <p>{t('app.errorHint')}</p>
      <pre className="boundary-detail">{error.message}</pre>
      <button type="button" className="btn" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}
