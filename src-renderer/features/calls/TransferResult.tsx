import { useTranslation } from 'react-i18next';
import type { TransferStatus } from '../../../src-shared/domain/call';
import { formatPhone } from '../../../src-shared/domain/phone';
import { displayNumber } from '../../shared/callLines';

type Why = 'whyBusy' | 'whyNoAnswer' | 'whyNotFound' | 'whyDeclined' | 'whyRefused' | 'whyNoResult' | 'whyOther';

/** Why a transfer failed, in the operator's words, from the sipfrag's status code (or its absence). */
export function transferWhy(code: number | null): Why {
  if (code === null) return 'whyNoResult';
  if (code === 486 || code === 600) return 'whyBusy';
  if (code === 408 || code === 480 || code === 487) return 'whyNoAnswer';
  if (code === 404 || code === 484 || code === 604) return 'whyNotFound';
  if (code === 603) return 'whyDeclined';
  if (code === 403 || code === 405 || code === 501) return 'whyRefused';
  return 'whyOther';
}

/** The far end's report on a transfer (NOTIFY with sipfrag): waiting, done, or failed and why. */
export function TransferResult({ status: s }: { readonly status: TransferStatus }) {
  const { t } = useTranslation();
  const user = /^sips?:([^@;]+)@/i.exec(s.target)?.[1] ?? s.target;
  const kind = s.state === 'done' ? 'msg-ok' : s.state === 'failed' ? 'msg-error' : 'msg-info';
  return (
    <p className={`msg ${kind}`} role="status" data-testid="transfer-result" data-state={s.state} data-code={s.code ?? ''}>
      {s.state === 'trying'
        ? t('transfer.trying', { target: displayNumber(user, formatPhone) })
        : s.state === 'done'
          ? t('transfer.done')
          : t('transfer.failed', { why: t(`transfer.${transferWhy(s.code)}`, { code: s.code ?? '' }) })}
    </p>
  );
}
