import { useTranslation } from 'react-i18next';
import type { SlaView } from '../../../src-shared/ipc/ticketSchemas';
import type { Translate } from '../../i18n/types';
import { formatDateTimeMsk } from '../../lib/format';
import { formatWorkingDuration, liveSla, slaRisk, type LiveSla, type WorkingBetween } from './sla';
import type { Locale } from '../../../src-shared/domain/values';

const ICON: Readonly<Record<LiveSla['state'], string>> = {
  running: '◷',
  paused: '‖',
  met: '✔',
  'met-late': '✔',
  breached: '✖',
  none: '—',
  'no-calendar': '⚠',
};

/**
 * An SLA clock (R-SLA-REACT): remaining working time or how long overdue, paused / met states,
 * the missing-calendar warning. Icon and words carry the meaning; colour only repeats it.
 */
export function SlaClock({
  sla,
  nowMs,
  between,
  big = false,
  testId = 'sla',
  claim = false,
}: {
  readonly sla: SlaView;
  /** A claim's clock runs for 14 working days: its due date reads better than hundreds of hours. */
  readonly claim?: boolean;
  readonly nowMs: number;
  readonly between: WorkingBetween | null;
  readonly big?: boolean;
  readonly testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'ru';
  const live = liveSla(sla, nowMs, between);
  const risk = slaRisk(live, sla.targetMinutes);
  const text = claim && live.state === 'running' && sla.dueAt ? t('sla.claimDue', { date: claimDay(sla.dueAt) }) : slaText(live, locale, t);
  const title = [
    sla.dueAt ? t('sla.dueAt', { at: formatDateTimeMsk(sla.dueAt) }) : null,
    sla.targetMinutes !== null ? t('sla.target', { time: formatWorkingDuration(sla.targetMinutes * 60_000, locale) }) : null,
    sla.extendedMinutes > 0 ? t('sla.extended', { time: formatWorkingDuration(sla.extendedMinutes * 60_000, locale) }) : null,
    t(`sla.schedule_${sla.schedule}`),
    live.stale ? t('sla.asOf', { at: formatDateTimeMsk(sla.asOf) }) : null,
  ]
    .filter((x) => x !== null)
    .join(' · ');
  return (
    <span
      className={`sla sla-${live.state} sla-risk-${risk}${big ? ' sla-big' : ''}`}
      title={title}
      data-testid={testId}
      data-state={live.state}
      data-remaining-ms={live.remainingMs ?? ''}
    >
      <span aria-hidden="true" className="sla-icon">
        {risk === 'near' ? '⚠' : ICON[live.state]}
      </span>{' '}
      <span className="sla-text">{text}</span>
      {big && title ? <span className="sla-sub">{title}</span> : null}
    </span>
  );
}

/** A claim is due at the end of its deadline day (the next Moscow midnight): name that day. */
function claimDay(dueAt: string): string {
  return formatDateTimeMsk(new Date(Date.parse(dueAt) - 1)).slice(0, 10);
}

export function slaText(live: LiveSla, locale: Locale, t: Translate): string {
  const d = (ms: number) => formatWorkingDuration(ms, locale);
  switch (live.state) {
    case 'running':
      return live.remainingMs === null ? t('sla.running') : t('sla.left', { time: d(live.remainingMs) });
    case 'breached':
      return live.remainingMs === null ? t('sla.breachedPlain') : t('sla.overdue', { time: d(live.remainingMs) });
    case 'paused':
      return live.remainingMs === null ? t('sla.paused') : t('sla.pausedLeft', { time: d(live.remainingMs) });
    case 'met':
      return t('sla.met');
    case 'met-late':
      return t('sla.metLate');
    case 'none':
      return t('sla.none');
    case 'no-calendar':
      return live.missingYear === null ? t('sla.noCalendarPlain') : t('sla.noCalendar', { year: live.missingYear });
    default:
      return assertNever(live.state);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected SLA state ${String(x)}`);
}
