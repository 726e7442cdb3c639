import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adoptToken, useConnectionState } from '../api/client';
import { tokenFromLink } from '../api/token';

type Problem = 'not-a-link' | 'other-console' | 'refused';
const PROBLEM_KEY = { 'not-a-link': 'app.newLinkNotALink', 'other-console': 'app.newLinkOtherConsole', refused: 'app.newLinkRefused' } as const;

/**
 * Browser mode, the host refused this page's token: it was restarted and printed a new link.
 * The operator pastes that link here (or into the address bar, main.tsx) and the page reconnects
 * in place, without a reload, so a half-typed ticket or note survives (issue 11 item 4). It does
 * not take the focus: the operator may be in the middle of a field.
 */
export function NewLinkPrompt() {
  const { t } = useTranslation();
  const state = useConnectionState();
  const [link, setLink] = useState('');
  const [tried, setTried] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    if (state === 'open') {
      setTried(false);
      setProblem(null);
      setLink('');
    }
    // A link tried and refused again: say so rather than showing the same prompt silently.
    if (state === 'unauthorized' && tried) setProblem('refused');
  }, [state, tried]);

  const shown = state === 'unauthorized' || (tried && state !== 'open' && state !== 'resuming');
  if (!shown) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const got = tokenFromLink(link, window.location.origin);
    if (!got.ok) {
      setProblem(got.problem);
      return;
    }
    setProblem(null);
    setTried(true);
    adoptToken(got.token);
  };

  const waiting = tried && state !== 'unauthorized';
  return (
    <aside className="new-link" aria-labelledby="new-link-title" data-testid="new-link">
      <h2 id="new-link-title" className="new-link-title">
        {t('app.newLinkTitle')}
      </h2>
      <p className="new-link-hint">{t('app.newLinkHint')}</p>
      <form className="new-link-form" onSubmit={submit}>
        <label className={`field${problem !== null ? ' field-invalid' : ''}`}>
          <span className="field-label">{t('app.newLinkField')}</span>
          <input
            type="text"
            className="input"
            value={link}
            onChange={(e) => setLink(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={problem !== null}
            data-testid="new-link-input"
          />
        </label>
        <button type="submit" className="btn btn-primary" disabled={waiting} data-testid="new-link-submit">
          {waiting ? t('app.newLinkConnecting') : t('app.newLinkSubmit')}
        </button>
      </form>
      {problem !== null ? (
        <p className="field-error" role="alert" data-testid="new-link-problem">
          {t(PROBLEM_KEY[problem])}
        </p>
      ) : null}
    </aside>
  );
}
