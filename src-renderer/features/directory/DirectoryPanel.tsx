import { Trans, useTranslation } from 'react-i18next';
import { hasKey } from '../../i18n/types';
import { ru } from '../../i18n/ru';
import { ErrorText } from '../../components/ErrorText';
import { formatCount, formatDateTimeMsk } from '../../lib/format';
import { ImportForm } from './ImportForm';
import { useDirectoryStatus } from './queries';

const COLUMNS = [
  ['Номер договора', 'contractNo'],
  ['ФИО', 'holder'],
  ['Телефоны', 'phones'],
  ['Адрес', 'address'],
  ['Баланс', 'balance'],
  ['Дата баланса', 'balanceAt'],
  ['Долг с', 'debtSince'],
  ['Тариф', 'tariff'],
  ['Статус', 'status'],
  ['Серийные номера', 'serials'],
] as const;

/** «Справочник»: what is loaded, and the CSV import that replaces it (atomically, host side). */
export function DirectoryPanel() {
  const { t } = useTranslation();
  const status = useDirectoryStatus();
  const s = status.data;
  return (
    <div className="directory">
      <div className="directory-main">
        <article className="card" aria-labelledby="dir-status-title" data-testid="directory-status">
          <h2 id="dir-status-title" className="card-title">
            {t('directory.statusTitle')} {s?.demo ? <span className="badge badge-demo">{t('directory.demo')}</span> : null}
          </h2>
          {status.isError ? <ErrorText error={status.error} /> : null}
          {s ? (
            <>
              <dl className="stats">
                <div>
                  <dt>{t('directory.contracts')}</dt>
                  <dd data-testid="directory-contracts">{formatCount(s.contracts)}</dd>
                </div>
                <div>
                  <dt>{t('directory.phones')}</dt>
                  <dd>{formatCount(s.phones)}</dd>
                </div>
                <div>
                  <dt>{t('directory.devices')}</dt>
                  <dd>{formatCount(s.devices)}</dd>
                </div>
              </dl>
              <dl className="facts">
                <dt>{t('directory.importedAt')}</dt>
                <dd>{s.importedAt ? `${formatDateTimeMsk(s.importedAt)} ${t('topbar.zone')}` : t('directory.never')}</dd>
                <dt>{t('directory.source')}</dt>
                {/* A source the console has no word for is the imported file's name: data, not UI text. */}
                {s.source !== null && !hasKey(ru.directorySource, s.source) ? (
                  <dd className="break" data-user-text>
                    {s.source}
                  </dd>
                ) : (
                  <dd className="break">{s.source === null ? '—' : t(`directorySource.${s.source}`)}</dd>
                )}
              </dl>
              {s.demo ? <p className="msg msg-warn">{t('directory.demoHint')}</p> : null}
            </>
          ) : null}
        </article>
        <ImportForm attachTo={s?.importing ?? null} />
      </div>
      <aside className="card directory-doc" aria-labelledby="dir-doc-title">
        <h2 id="dir-doc-title" className="card-title">
          {t('directory.columnsTitle')}
        </h2>
        <p>{t('directory.columnsIntro')}</p>
        <ol className="columns-doc">
          {COLUMNS.map(([name, key]) => (
            <li key={key}>
              {/* Values typed into the file as such (an ISO instant, English status words) stand in <code>. */}
              <code>{name}</code> — <Trans i18nKey={`directory.columns.${key}`} components={{ code: <code /> }} />
            </li>
          ))}
        </ol>
        <p className="hint">{t('directory.columnsMore')}</p>
      </aside>
    </div>
  );
}
