import { useTranslation } from 'react-i18next';
import { WEEKDAYS } from '../../../src-shared/domain/deskProfile';
import { hasKey } from '../../i18n/types';
import { ru } from '../../i18n/ru';
import { Field, type ShownIssue } from '../../components/Field';
import { issuesAt, type DayDraft, type ProfileDraft, type ReactionDraft } from './profileDraft';

type Props = {
  readonly draft: ProfileDraft;
  readonly issues: readonly ShownIssue[];
  readonly update: (patch: Partial<ProfileDraft>) => void;
};

const TIME_PLACEHOLDER = 'ЧЧ:ММ';
/** R-TKT-PRIO: a reaction time per priority, П1 (critical) first. */
const PRIORITIES = [1, 2, 3, 4] as const;

function withMinute(m: ReactionDraft['minutes'], index: number, value: string): ReactionDraft['minutes'] {
  const at = (j: number) => (j === index ? value : m[j as 0 | 1 | 2 | 3]);
  return [at(0), at(1), at(2), at(3)];
}

/** The sections of the desk profile, each field bound to its schema path for issues. */
export function ProfileFields({ draft: d, issues, update }: Props) {
  const { t } = useTranslation();
  const at = (path: string) => issuesAt(issues, path);
  const setDay = (i: number, patch: Partial<DayDraft>) => update({ days: d.days.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const setReaction = (i: number, patch: Partial<ReactionDraft>) => update({ reactions: d.reactions.map((x, j) => (j === i ? { ...x, ...patch } : x)) });

  return (
    <div className="profile-sections">
      <fieldset className="fs fs-wide">
        <legend>{t('settings.name')}</legend>
        <Field label={t('settings.name')} issues={at('name')}>
          <input className="input" value={d.name} onChange={(e) => update({ name: e.target.value })} data-testid="profile-name" />
        </Field>
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.hoursTitle')}</legend>
        <p className="hint">{t('settings.hoursHint')}</p>
        <table className="hours">
          <tbody>
            {WEEKDAYS.map((wd, i) => {
              const day = d.days[i] ?? { open: false, start: '', end: '' };
              const dayIssues = at(`workingHours.days.${i}`);
              return (
                <tr key={wd}>
                  <th scope="row">{t(`weekday.${wd}`)}</th>
                  <td>
                    <label className="check">
                      <input type="checkbox" checked={day.open} onChange={(e) => setDay(i, { open: e.target.checked })} />
                      {t('settings.dayOpen')}
                    </label>
                  </td>
                  <td>
                    <input
                      className="input input-time"
                      aria-label={`${t(`weekday.${wd}`)} ${t('settings.from')}`}
                      placeholder={TIME_PLACEHOLDER}
                      disabled={!day.open}
                      value={day.start}
                      aria-invalid={at(`workingHours.days.${i}.start`).length > 0}
                      onChange={(e) => setDay(i, { start: e.target.value })}
                    />
                    {' – '}
                    <input
                      className="input input-time"
                      aria-label={`${t(`weekday.${wd}`)} ${t('settings.to')}`}
                      placeholder={TIME_PLACEHOLDER}
                      disabled={!day.open}
                      value={day.end}
                      aria-invalid={at(`workingHours.days.${i}.end`).length > 0}
                      onChange={(e) => setDay(i, { end: e.target.value })}
                    />
                    {dayIssues.map((x) => (
                      <span key={`${x.path}:${x.text}`} className="field-error" role="alert">
                        {x.text}
                      </span>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {at('workingHours')
          .filter((x) => !/^workingHours\.days\.\d/.test(x.path))
          .map((x) => (
            <span key={`${x.path}:${x.text}`} className="field-error" role="alert">
              {x.text}
            </span>
          ))}
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.balanceTitle')}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={d.requirePositive}
            onChange={(e) => update({ requirePositive: e.target.checked })}
            data-testid="profile-require-positive"
          />
          {t('settings.requirePositive')}
        </label>
        <Field label={t('settings.staleAfterHours')} issues={at('balance.staleAfterHours')}>
          <input
            className="input input-num"
            inputMode="decimal"
            value={d.staleAfterHours}
            onChange={(e) => update({ staleAfterHours: e.target.value })}
            data-testid="profile-stale-hours"
          />
        </Field>
        <Field label={t('settings.debtSuspendWorkingDays')} issues={at('balance.debtSuspendWorkingDays')}>
          <input
            className="input input-num"
            inputMode="numeric"
            value={d.debtSuspendWorkingDays}
            onChange={(e) => update({ debtSuspendWorkingDays: e.target.value })}
            data-testid="profile-debt-days"
          />
        </Field>
        <h3 className="fs-sub">{t('settings.identTitle')}</h3>
        <label className="check">
          <input type="checkbox" checked={d.serialRequired} onChange={(e) => update({ serialRequired: e.target.checked })} />
          {t('settings.serialRequired')}
        </label>
        <label className="check">
          <input type="checkbox" checked={d.staffOnly} onChange={(e) => update({ staffOnly: e.target.checked })} />
          {t('settings.staffOnly')}
        </label>
        <label className="field">
          <span className="field-label">{t('settings.unverifiedPolicy')}</span>
          <select
            className="input"
            value={d.unverifiedPolicy}
            onChange={(e) => update({ unverifiedPolicy: e.target.value === 'refuse' ? 'refuse' : 'reason' })}
            data-testid="profile-unverified-policy"
          >
            <option value="reason">{t('settings.unverifiedReason')}</option>
            <option value="refuse">{t('settings.unverifiedRefuse')}</option>
          </select>
        </label>
        <h3 className="fs-sub">{t('settings.callTitle')}</h3>
        <div className="row">
          <Field label={t('settings.callWarn')} issues={at('callLimit.warnAtSec')}>
            <input
              className="input input-time"
              placeholder="мм:сс"
              value={d.callWarn}
              onChange={(e) => update({ callWarn: e.target.value })}
              data-testid="profile-call-warn"
            />
          </Field>
          <Field label={t('settings.callLimit')} issues={at('callLimit.limitSec')}>
            <input
              className="input input-time"
              placeholder="мм:сс"
              value={d.callLimit}
              onChange={(e) => update({ callLimit: e.target.value })}
              data-testid="profile-call-limit"
            />
          </Field>
        </div>
        {at('callLimit')
          .filter((x) => x.path === 'callLimit')
          .map((x) => (
            <span key={x.text} className="field-error" role="alert">
              {x.text}
            </span>
          ))}
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.dutyTitle')}</legend>
        <label className="check">
          <input type="checkbox" checked={d.dutyEnabled} onChange={(e) => update({ dutyEnabled: e.target.checked })} />
          {t('settings.dutyEnabled')}
        </label>
        <Field label={t('settings.dutyAccepts')} issues={at('dutyMode.acceptsOnly')}>
          <select className="input" value={d.dutyAcceptsOnly} onChange={(e) => update({ dutyAcceptsOnly: e.target.value === 'all' ? 'all' : 'faults' })}>
            <option value="faults">{t('settings.dutyFaults')}</option>
            <option value="all">{t('settings.dutyAll')}</option>
          </select>
        </Field>
        <Field label={t('settings.dutyNote')} issues={at('dutyMode.note')}>
          <input className="input" value={d.dutyNote} onChange={(e) => update({ dutyNote: e.target.value })} />
        </Field>
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.visitTitle')}</legend>
        <div className="row">
          <Field label={t('settings.visitStart')} issues={at('visitWindows.start')}>
            <input className="input input-time" placeholder={TIME_PLACEHOLDER} value={d.visitStart} onChange={(e) => update({ visitStart: e.target.value })} />
          </Field>
          <Field label={t('settings.visitEnd')} issues={at('visitWindows.end')}>
            <input className="input input-time" placeholder={TIME_PLACEHOLDER} value={d.visitEnd} onChange={(e) => update({ visitEnd: e.target.value })} />
          </Field>
        </div>
        <Field label={t('settings.visitExtendedEnd')} issues={at('visitWindows.extendedEnd')}>
          <input
            className="input input-time"
            placeholder={TIME_PLACEHOLDER}
            value={d.visitExtendedEnd}
            onChange={(e) => update({ visitExtendedEnd: e.target.value })}
          />
        </Field>
        <Field label={t('settings.visitExtendedTariffs')} issues={at('visitWindows.extendedTariffs')}>
          <input className="input" value={d.visitExtendedTariffs} onChange={(e) => update({ visitExtendedTariffs: e.target.value })} />
        </Field>
        {at('visitWindows')
          .filter((x) => x.path === 'visitWindows')
          .map((x) => (
            <span key={x.text} className="field-error" role="alert">
              {x.text}
            </span>
          ))}
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.moneyTitle')}</legend>
        <Field label={t('settings.moneyLabel')} issues={at('moneyRedirect.label')}>
          <textarea
            className="input"
            rows={2}
            value={d.moneyLabel}
            onChange={(e) => update({ moneyLabel: e.target.value })}
            data-testid="profile-money-label"
          />
        </Field>
        <Field label={t('settings.moneyPhone')} issues={at('moneyRedirect.phone')}>
          <input
            className="input"
            inputMode="tel"
            value={d.moneyPhone}
            onChange={(e) => update({ moneyPhone: e.target.value })}
            data-testid="profile-money-phone"
          />
        </Field>
        <Field label={t('settings.wrapUpCodes')} issues={at('wrapUpCodes')}>
          <input className="input mono" value={d.wrapUpCodes} onChange={(e) => update({ wrapUpCodes: e.target.value })} />
          {/* The codes are slugs the desk stores; the operator reads their names. */}
          <span className="hint" data-testid="profile-wrapup-labels">
            {d.wrapUpCodes
              .split(',')
              .map((c) => c.trim())
              .filter((c) => c !== '')
              .map((c) => (hasKey(ru.wrapUpCode, c) ? t(`wrapUpCode.${c}`) : c))
              .join(', ')}
          </span>
        </Field>
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.reactTitle')}</legend>
        <p className="hint">{t('settings.reactHint')}</p>
        {d.reactions.length === 0 ? <p className="hint">{t('settings.reactNone')}</p> : null}
        <table className="reactions">
          {d.reactions.length > 0 ? (
            <thead>
              <tr>
                <th scope="col">{t('settings.reactTariff')}</th>
                {PRIORITIES.map((p) => (
                  <th scope="col" key={p}>
                    {t('settings.reactPriority', { p })}
                  </th>
                ))}
                <th scope="col">{t('settings.reactWeekends')}</th>
                {/* The remove buttons' column: named for screen readers, blank on screen. */}
                <th scope="col">
                  <span className="sr-only">{t('settings.reactActions')}</span>
                </th>
              </tr>
            </thead>
          ) : null}
          <tbody>
            {d.reactions.map((r, i) => (
              <tr key={i}>
                <td>
                  <Field label={<span className="sr-only">{t('settings.reactTariff')}</span>} issues={at(`reactionTimes.${i}.tariff`)}>
                    <input className="input" value={r.tariff} onChange={(e) => setReaction(i, { tariff: e.target.value })} />
                  </Field>
                </td>
                {PRIORITIES.map((p) => (
                  <td key={p}>
                    <Field
                      label={<span className="sr-only">{t('settings.reactMinutesOf', { p, tariff: r.tariff })}</span>}
                      issues={at(`reactionTimes.${i}.minutes.${p - 1}`)}
                    >
                      <input
                        className="input input-num"
                        inputMode="numeric"
                        value={r.minutes[p - 1]}
                        onChange={(e) => setReaction(i, { minutes: withMinute(r.minutes, p - 1, e.target.value) })}
                      />
                    </Field>
                  </td>
                ))}
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('settings.reactWeekends')}
                    checked={r.includesWeekends}
                    onChange={(e) => setReaction(i, { includesWeekends: e.target.checked })}
                  />
                </td>
                <td>
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => update({ reactions: d.reactions.filter((_, j) => j !== i) })}>
                    {t('settings.reactRemove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {at('reactionTimes')
          .filter((x) => /^reactionTimes(\.\d+\.minutes)?$/.test(x.path))
          .map((x) => (
            <span key={x.text} className="field-error" role="alert">
              {x.text}
            </span>
          ))}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => update({ reactions: [...d.reactions, { tariff: '', minutes: ['', '', '', ''], includesWeekends: false }] })}
        >
          + {t('settings.reactAdd')}
        </button>
      </fieldset>
    </div>
  );
}
