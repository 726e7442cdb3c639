import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../src-shared/domain/call';
import { formatPhone } from '../../../src-shared/domain/phone';
import { ringTone } from '../../media/useMediaEngine';
import { afterPaint } from '../../lib/afterPaint';
import { useAppUi } from '../../shared/appUi';
import { displayNumber } from '../../shared/callLines';
import { closeNotificationsExcept, notifyIncoming } from './notify';

/**
 * While an inbound call rings: the ring tone on the ring device and a desktop notification. Both
 * stop the moment no call rings any more (answered here, cancelled by the caller, taken elsewhere).
 */
export function useIncomingAlerts(calls: readonly Call[]): void {
  const { t } = useTranslation();
  const setTab = useAppUi((s) => s.setTab);
  const ringing = calls.filter((c) => c.state === 'ringing' && c.direction === 'inbound');
  const key = ringing.map((c) => `${c.id}:${c.contractNo ?? ''}`).join(',');
  useEffect(() => {
    const ids = new Set(ringing.map((c) => c.id));
    closeNotificationsExcept(ids);
    if (ringing.length === 0) {
      ringTone().stop(); // at once: an answered call must not ring on for a frame
      return undefined;
    }
    // The tone and the notification (starting audio, a system notification: milliseconds each)
    // come a frame after the Answer button is painted, not before it. A call that stops ringing
    // sooner cancels them.
    return afterPaint(() => {
      ringTone().start();
      for (const c of ringing) {
        const who = c.contractNo ?? (c.candidates.length > 0 ? c.candidates.join(', ') : (c.remoteName ?? t('call.notifyUnknown')));
        notifyIncoming(c.id, t('call.notifyTitle'), t('call.notifyBody', { number: displayNumber(c.remoteNumber, formatPhone), who }), () =>
          setTab('identification'),
        );
      }
    });
    // Keyed on the ringing calls (ids and contract), not on every snapshot.
  }, [key]);
  useEffect(
    () => () => {
      ringTone().stop();
      closeNotificationsExcept(new Set());
    },
    [],
  );
}
