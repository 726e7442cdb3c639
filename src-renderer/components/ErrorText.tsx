import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { issueText, refusalText } from '../lib/inputIssue';

/** An error as the operator reads it, in their language: what kind, and why when the host says. */
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
      return texts.length ? `${t('errors.VALIDATION')}: ${texts.join('; ')}` : refusalText(err, t);
    }
    // Anything else is told by its reason when the host gives one, else by its code alone: the
    // host's message is an English sentence for logs.
    if (isApiError(err)) return refusalText(err, t);
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
