import { useTranslation } from 'react-i18next';
import { useAppUi } from '../../shared/appUi';
import { useSipStatus } from './queries';
import { registrationView } from './status';
import { useNow } from '../../lib/useNow';
import { useHostOffset } from '../../lib/hostClock';
import { useConnectionState } from '../../api/client';
import { connectionNotice } from '../../api/transport';

/** Top bar: the SIP registration, always visible, with the reason of a failure in words. */
export function SipStatus() {
  const { t } = useTranslation();
  const status = useSipStatus();
  const setTab = useAppUi((s) => s.setTab);
  const s = status.data;
  // `nextRetryAt` is on the host's clock (which `--now` or a skewed workstation moves away from
  // this window's): counted on this window's clock the countdown sat at «0 с».
  const offset = useHostOffset();
  const now = useNow(1000, s?.nextRetryAt != null);
  // With the host gone the last status is stale, and the top bar says so once (connection notice).
  const hostUp = connectionNotice(useConnectionState()) === null;
  if (!s || !hostUp) return null;
  const v = registrationView(s, now + offset);
  const text = t(v.key, { reason: v.reasonKey ? t(v.reasonKey) : '' });
  const extra = [
    s.state === 'connecting' && v.reasonKey ? t(v.reasonKey) : null,
    v.retryInSec !== null ? t('sip.retryIn', { sec: v.retryInSec }) : null,
  ].filter((x): x is string => x !== null);
  return (
    <button
      type="button"
      className={`sip-status tone-${v.tone}`}
      onClick={() => setTab('settings')}
      title={[t('sip.openSettings'), s.detail].filter(Boolean).join(' — ')}
      data-testid="sip-status"
      data-state={s.state}
      data-reason={s.reason ?? ''}
    >
      <span className="dot" aria-hidden="true" />
      <span>{text}</span>
      {extra.length ? <span className="sip-extra"> · {extra.join(' · ')}</span> : null}
    </button>
  );
}
