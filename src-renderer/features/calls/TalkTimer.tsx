import { useTranslation } from 'react-i18next';
import type { Call } from '../../../src-shared/domain/call';
import { formatTalkTime, type CallLimit } from '../../../src-shared/domain/talkTimer';
import { formatMmSs } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { talkLevel, talkMs } from '../../shared/callLines';

/**
 * The running talk timer on the host's clock (answeredAt + the snapshot's clock offset). Its colour
 * changes at the desk's warning threshold and again at the limit (R-CALL-15); the level is also
 * written out, never shown by colour alone.
 */
export function TalkTimer({ call: c, offsetMs, limit }: { readonly call: Call; readonly offsetMs: number; readonly limit: CallLimit | null }) {
  const { t } = useTranslation();
  const now = useNow(250, c.answeredAt !== null && c.endedAt === null);
  const ms = talkMs(c, now, offsetMs);
  const level = talkLevel(c.talkLimit, ms, limit);
  return (
    <div className={`talk-timer level-talk-${level}`} data-testid="talk-timer" data-level={level}>
      <span className="talk-time" role="timer">
        {ms === null ? '—' : formatTalkTime(ms)}
      </span>
      <span className="talk-label">{level === 'none' ? t('call.talk') : level === 'warn' ? `⚠ ${t('call.talkWarn')}` : `⚠ ${t('call.talkLimit')}`}</span>
    </div>
  );
}

/** The sentence under the panel's head when the timer passed the warning (the limit has its offer). */
export function TalkNote({ level, limit }: { readonly level: Call['talkLimit']; readonly limit: CallLimit | null }) {
  const { t } = useTranslation();
  if (level !== 'warn' || !limit) return null;
  return (
    <p className="msg msg-warn talk-note" data-testid="talk-warn">
      ⚠ {t('call.warn', { limit: formatMmSs(limit.limitSec) })}
    </p>
  );
}

/** The level shown now (for the offer button), from the same inputs as the timer. */
export function useTalkLevel(c: Call, offsetMs: number, limit: CallLimit | null): Call['talkLimit'] {
  const now = useNow(1000, c.answeredAt !== null && c.endedAt === null && c.talkLimit !== 'limit');
  return talkLevel(c.talkLimit, talkMs(c, now, offsetMs), limit);
}
