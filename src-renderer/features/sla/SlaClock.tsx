import { useTranslation } from 'react-i18next';
import type { SlaView } from '../../../src-shared/ipc/ticketSchemas';
import type { Translate } from '../../i18n/types';
import { formatDateTimeMsk } from '../../lib/format';
import { claimDays, formatWorkingDuration, liveSla, slaRisk, type LiveSla, type WorkingBetween } from './sla';
import { formatIsoDate } from '../../../src-shared/worktime/moscow';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { CLAIM_ANSWER_WORKING_DAYS } from '../../../src-shared/domain/claims';
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
  const text = claim && sla.dueAt ? (claimText(live, sla.dueAt, nowMs, t) ?? slaText(live, locale, t)) : slaText(live, locale, t);
  const title = [
    sla.dueAt ? t('sla.dueAt', { at: formatDateTimeMsk(sla.dueAt) }) : null,
    claim
      ? t('sla.claimTarget', { count: CLAIM_ANSWER_WORKING_DAYS })
      : sla.targetMinutes !== null
        ? t('sla.target', { time: formatWorkingDuration(sla.targetMinutes * 60_000, locale) })
        : null,
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

/**
 * R-CLAIM in days: a claim's clock as its due day and the working days left («ответить до
 * 15.12.2026 · осталось 9 рабочих дней»), never hundreds of hours. Null for the states that say
 * the same for every ticket (met, none, no calendar).
 */
export function claimText(live: LiveSla, dueAt: string, nowMs: number, t: Translate): string | null {
  const { dueDay, daysLeft } = claimDays(dueAt, nowMs, RU_CALENDAR);
  const date = formatIsoDate(dueDay);
  switch (live.state) {
    case 'running':
      return daysLeft === null ? t('sla.claimDue', { date }) : t('sla.claimLeft', { date, count: daysLeft });
    case 'paused':
      return t('sla.claimPaused', { date });
    case 'breached':
      return t('sla.claimOverdue', { date });
    default:
      return null;
  }
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
