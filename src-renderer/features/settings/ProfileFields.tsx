import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldArray, type Control, type UseFormRegister } from 'react-hook-form';
import { WEEKDAYS } from '../../../src-shared/domain/deskProfile';
import { hasKey } from '../../i18n/types';
import { ru } from '../../i18n/ru';
import { FieldMessages, FormField, fieldA11y } from '../../components/FormField';
import type { WordedIssue } from '../../lib/schemaForm';
import { issuesAt, type ProfileDraft } from './profileDraft';

type Props = {
  /** The values as typed (watched), for what the form shows beside them. */
  readonly draft: ProfileDraft;
  /** Issues on the profile schema's paths (`callLimit.warnAtSec`), the form's and the host's. */
  readonly issues: readonly WordedIssue[];
  readonly register: UseFormRegister<ProfileDraft>;
  readonly control: Control<ProfileDraft>;
  readonly formId: string;
};

const TIME_PLACEHOLDER = 'ЧЧ:ММ';
/** R-TKT-PRIO: a reaction time per priority, П1 (critical) first. */
const PRIORITIES = [1, 2, 3, 4] as const;

/**
 * The sections of the desk profile, each field bound to its schema path for issues: the errors
 * of a path and everything below it stand under the field, and its control is marked invalid.
 */
export function ProfileFields({ draft: d, issues, register, control, formId }: Props) {
  const { t } = useTranslation();
  const reactions = useFieldArray({ control, name: 'reactions' });
  const texts = (path: string) => [...new Set(issuesAt(issues, path).map((i) => i.text))];
  /** Only the path's own issues (a list's, not its rows'), for a message under a whole table. */
  const ownTexts = (path: string) => issues.filter((i) => i.path === path).map((i) => i.text);
  const a11y = (path: string, required = false) => fieldA11y(formId, path, texts(path), required);
  const field = (path: string, label: ReactNode, control: ReactNode, required = false) => (
    <FormField name={path} label={label} errors={texts(path)} formId={formId} required={required}>
      {control}
    </FormField>
  );

  return (
    <div className="profile-sections">
      <fieldset className="fs fs-wide">
        <legend>{t('settings.name')}</legend>
        {field('name', t('settings.name'), <input className="input" {...register('name')} {...a11y('name', true)} data-testid="profile-name" />, true)}
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.hoursTitle')}</legend>
        <p className="hint">{t('settings.hoursHint')}</p>
        <table className="hours">
          <tbody>
            {WEEKDAYS.map((wd, i) => {
              const open = d.days[i]?.open ?? false;
              const dayPath = `workingHours.days.${i}`;
              const dayErrors = texts(dayPath);
              return (
                <tr key={wd}>
                  <th scope="row">{t(`weekday.${wd}`)}</th>
                  <td>
                    <label className="check">
                      <input type="checkbox" {...register(`days.${i}.open`)} />
                      {t('settings.dayOpen')}
                    </label>
                  </td>
                  <td>
                    <input
                      className="input input-time"
                      aria-label={`${t(`weekday.${wd}`)} ${t('settings.from')}`}
                      placeholder={TIME_PLACEHOLDER}
                      disabled={!open}
                      {...register(`days.${i}.start`)}
                      {...fieldA11y(formId, dayPath, texts(`${dayPath}.start`), open)}
                      aria-describedby={dayErrors.length ? fieldA11y(formId, dayPath, dayErrors)['aria-describedby'] : undefined}
                    />
                    {' – '}
                    <input
                      className="input input-time"
                      aria-label={`${t(`weekday.${wd}`)} ${t('settings.to')}`}
                      placeholder={TIME_PLACEHOLDER}
                      disabled={!open}
                      {...register(`days.${i}.end`)}
                      {...fieldA11y(formId, dayPath, texts(`${dayPath}.end`), open)}
                      aria-describedby={dayErrors.length ? fieldA11y(formId, dayPath, dayErrors)['aria-describedby'] : undefined}
                    />
                    <FieldMessages name={dayPath} errors={dayErrors} formId={formId} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <FieldMessages name="workingHours" errors={[...ownTexts('workingHours'), ...ownTexts('workingHours.days')]} formId={formId} />
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.balanceTitle')}</legend>
        <label className="check">
          <input type="checkbox" {...register('requirePositive')} data-testid="profile-require-positive" />
          {t('settings.requirePositive')}
        </label>
        {field(
          'balance.staleAfterHours',
          t('settings.staleAfterHours'),
          <input
            className="input input-num"
            inputMode="decimal"
            {...register('staleAfterHours')}
            {...a11y('balance.staleAfterHours', true)}
            data-testid="profile-stale-hours"
          />,
          true,
        )}
        {field(
          'balance.debtSuspendWorkingDays',
          t('settings.debtSuspendWorkingDays'),
          <input
            className="input input-num"
            inputMode="numeric"
            {...register('debtSuspendWorkingDays')}
            {...a11y('balance.debtSuspendWorkingDays')}
            data-testid="profile-debt-days"
          />,
        )}
        <h3 className="fs-sub">{t('settings.identTitle')}</h3>
        <label className="check">
          <input type="checkbox" {...register('serialRequired')} />
          {t('settings.serialRequired')}
        </label>
        <label className="check">
          <input type="checkbox" {...register('staffOnly')} />
          {t('settings.staffOnly')}
        </label>
        {field(
          'unverifiedPolicy',
          t('settings.unverifiedPolicy'),
          <select className="input" {...register('unverifiedPolicy')} {...a11y('unverifiedPolicy')} data-testid="profile-unverified-policy">
            <option value="reason">{t('settings.unverifiedReason')}</option>
            <option value="refuse">{t('settings.unverifiedRefuse')}</option>
          </select>,
        )}
        <h3 className="fs-sub">{t('settings.callTitle')}</h3>
        <div className="row">
          {field(
            'callLimit.warnAtSec',
            t('settings.callWarn'),
            <input
              className="input input-time"
              placeholder="мм:сс"
              {...register('callWarn')}
              {...a11y('callLimit.warnAtSec', true)}
              data-testid="profile-call-warn"
            />,
            true,
          )}
          {field(
            'callLimit.limitSec',
            t('settings.callLimit'),
            <input
              className="input input-time"
              placeholder="мм:сс"
              {...register('callLimit')}
              {...a11y('callLimit.limitSec', true)}
              data-testid="profile-call-limit"
            />,
            true,
          )}
        </div>
        <FieldMessages name="callLimit" errors={ownTexts('callLimit')} formId={formId} />
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.dutyTitle')}</legend>
        <label className="check">
          <input type="checkbox" {...register('dutyEnabled')} />
          {t('settings.dutyEnabled')}
        </label>
        {field(
          'dutyMode.acceptsOnly',
          t('settings.dutyAccepts'),
          <select className="input" {...register('dutyAcceptsOnly')} {...a11y('dutyMode.acceptsOnly')}>
            <option value="faults">{t('settings.dutyFaults')}</option>
            <option value="all">{t('settings.dutyAll')}</option>
          </select>,
        )}
        {field('dutyMode.note', t('settings.dutyNote'), <input className="input" {...register('dutyNote')} {...a11y('dutyMode.note')} />)}
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.visitTitle')}</legend>
        <div className="row">
          {field(
            'visitWindows.start',
            t('settings.visitStart'),
            <input className="input input-time" placeholder={TIME_PLACEHOLDER} {...register('visitStart')} {...a11y('visitWindows.start', true)} />,
            true,
          )}
          {field(
            'visitWindows.end',
            t('settings.visitEnd'),
            <input className="input input-time" placeholder={TIME_PLACEHOLDER} {...register('visitEnd')} {...a11y('visitWindows.end', true)} />,
            true,
          )}
        </div>
        {field(
          'visitWindows.extendedEnd',
          t('settings.visitExtendedEnd'),
          <input className="input input-time" placeholder={TIME_PLACEHOLDER} {...register('visitExtendedEnd')} {...a11y('visitWindows.extendedEnd')} />,
        )}
        {field(
          'visitWindows.extendedTariffs',
          t('settings.visitExtendedTariffs'),
          <input className="input" {...register('visitExtendedTariffs')} {...a11y('visitWindows.extendedTariffs')} />,
        )}
        <FieldMessages name="visitWindows" errors={ownTexts('visitWindows')} formId={formId} />
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.moneyTitle')}</legend>
        {field(
          'moneyRedirect.label',
          t('settings.moneyLabel'),
          <textarea className="input" rows={2} {...register('moneyLabel')} {...a11y('moneyRedirect.label', true)} data-testid="profile-money-label" />,
          true,
        )}
        {field(
          'moneyRedirect.phone',
          t('settings.moneyPhone'),
          <input className="input" inputMode="tel" {...register('moneyPhone')} {...a11y('moneyRedirect.phone')} data-testid="profile-money-phone" />,
        )}
        {field(
          'wrapUpCodes',
          t('settings.wrapUpCodes'),
          <>
            <input className="input mono" {...register('wrapUpCodes')} {...a11y('wrapUpCodes', true)} data-testid="profile-wrapup-codes" />
            {/* The codes are slugs the desk stores; the operator reads their names. */}
            <span className="hint" data-testid="profile-wrapup-labels">
              {d.wrapUpCodes
                .split(',')
                .map((c) => c.trim())
                .filter((c) => c !== '')
                .map((c) => (hasKey(ru.wrapUpCode, c) ? t(`wrapUpCode.${c}`) : c))
                .join(', ')}
            </span>
          </>,
          true,
        )}
      </fieldset>

      <fieldset className="fs">
        <legend>{t('settings.reactTitle')}</legend>
        <p className="hint">{t('settings.reactHint')}</p>
        {reactions.fields.length === 0 ? <p className="hint">{t('settings.reactNone')}</p> : null}
        <table className="reactions">
          {reactions.fields.length > 0 ? (
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
            {reactions.fields.map((row, i) => (
              <tr key={row.id}>
                <td>
                  {field(
                    `reactionTimes.${i}.tariff`,
                    <span className="sr-only">{t('settings.reactTariff')}</span>,
                    <input className="input" {...register(`reactions.${i}.tariff`)} {...a11y(`reactionTimes.${i}.tariff`, true)} />,
                  )}
                </td>
                {PRIORITIES.map((p) => (
                  <td key={p}>
                    {field(
                      `reactionTimes.${i}.minutes.${p - 1}`,
                      <span className="sr-only">{t('settings.reactMinutesOf', { p, tariff: d.reactions[i]?.tariff ?? '' })}</span>,
                      <input
                        className="input input-num"
                        inputMode="numeric"
                        {...register(`reactions.${i}.minutes.${p - 1}` as `reactions.${number}.minutes.0`)}
                        {...a11y(`reactionTimes.${i}.minutes.${p - 1}`, true)}
                      />,
                    )}
                  </td>
                ))}
                <td>
                  <input type="checkbox" aria-label={t('settings.reactWeekends')} {...register(`reactions.${i}.includesWeekends`)} />
                </td>
                <td>
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => reactions.remove(i)}>
                    {t('settings.reactRemove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <FieldMessages name="reactionTimes" errors={issues.filter((x) => /^reactionTimes(\.\d+\.minutes)?$/.test(x.path)).map((x) => x.text)} formId={formId} />
        <button type="button" className="btn btn-small" onClick={() => reactions.append({ tariff: '', minutes: ['', '', '', ''], includesWeekends: false })}>
          + {t('settings.reactAdd')}
        </button>
      </fieldset>
    </div>
  );
}
