import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { issueText } from '../lib/inputIssue';

/** An error as the operator reads it: what kind (in their language) and the host's detail. */
export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  return (err) => {
    // No host: the detail is the transport's, not the operator's business; the query refetches
    // when the connection is back (api/hostEvents.ts).
    if (isApiError(err) && err.code === 'OFFLINE') return t('errors.offlineRetry');
    // A VALIDATION reply is told by its issues' kinds (the host's message is an English sentence
    // for logs); forms that map issues to their fields show them there instead.
    if (isApiError(err) && err.code === 'VALIDATION') {
      const texts = [...new Set(err.issues.map((i) => issueText(i, t)))];
      return texts.length ? `${t('errors.VALIDATION')}: ${texts.join('; ')}` : t('errors.VALIDATION');
    }
    if (isApiError(err)) return `${t(`errors.${err.code}`)}: ${err.message}`;
    if (err instanceof Error) return `${t('errors.unexpected')}: ${err.message}`;
    return t('errors.unexpected');
  };
}

export function ErrorText({ error, testId }: { readonly error: unknown; readonly testId?: string }) {
  const text = useErrorText();
  return (
    <p className="msg msg-error" role="alert" data-testid={testId}>
      {text(error)}
    </p>
  );
}
