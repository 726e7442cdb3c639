import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contract } from '../../../src-shared/ipc/contract';
import { formatPhone } from '../../../src-shared/domain/phone';
import { formatRub } from '../../../src-shared/domain/money';
import { ErrorText } from '../../components/ErrorText';
import { moveHighlight, rowToOpen, searchFieldKey } from '../../lib/keys';
import { levelIcon } from '../../lib/verdict';
import { useDebounced } from '../../lib/useDebounced';
import { useAppUi } from '../../shared/appUi';
import { useSearch } from './queries';

const DEBOUNCE_MS = 150;

/**
 * One field for everything the caller can name (R-ID-PHONE, R-ID-CONTRACT, R-ID-SERIAL): the host
 * classifies the query (phone, contract number, serial, surname) and answers with the matches.
 */
export function SearchColumn() {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useDebounced(text, DEBOUNCE_MS);
  const [highlight, setHighlight] = useState(-1);
  const pendingOpen = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const selectContract = useAppUi((s) => s.selectContract);
  const selectedId = useAppUi((s) => s.selectedContractId);
  const focusSeq = useAppUi((s) => s.focusSearchSeq);
  const search = useSearch(debounced);

  const typed = text.trim();
  // Results shown belong to what is in the field now (not a previous query kept while loading).
  const isCurrent = typed !== '' && debounced.trim() === typed && search.data !== undefined && !search.isPlaceholderData;
  const data = typed === '' ? undefined : search.data;
  const results: readonly Contract[] = data?.results ?? [];
  const locale = i18n.language === 'en' ? 'en' : 'ru';

  useEffect(() => {
    if (focusSeq === 0) return;
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusSeq]);

  const open = (index: number) => {
    const c = results[index];
    if (!c || !data) return;
    selectContract(c.id, data.query.kind === 'phone' ? data.query.e164 : null);
    setHighlight(index);
  };

  // New results: the first row is what Enter opens; an Enter typed before they came opens it now.
  const resultIds = isCurrent ? results.map((r) => r.id).join(',') : null;
  useEffect(() => {
    if (resultIds === null) return;
    setHighlight(resultIds === '' ? -1 : 0);
    if (pendingOpen.current) {
      pendingOpen.current = false;
      if (resultIds !== '') open(0);
    }
    // Keyed on the result ids only: open() reads the same results.
  }, [resultIds]);

  useEffect(() => {
    if (highlight < 0) return;
    listRef.current?.children[highlight]?.scrollIntoView({ block: 'nearest' });
  }, [highlight]);

  const clear = () => {
    setText('');
    setDebounced('');
    setHighlight(-1);
    pendingOpen.current = false;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const action = searchFieldKey(e.key);
    if (!action) return;
    e.preventDefault();
    if (action.type === 'move') setHighlight((h) => moveHighlight(h, action.delta, results.length));
    else if (action.type === 'clear') {
      if (text !== '') clear();
      else selectContract(null);
    } else if (typed !== '') {
      if (isCurrent) {
        const i = rowToOpen(highlight, results.length);
        if (i !== null) open(i);
      } else {
        // Enter before the debounce fired: search now and open the first match when it arrives.
        pendingOpen.current = true;
        setDebounced(text);
      }
    }
  };

  const phoneQuery = data?.query.kind === 'phone';
  const activeId = highlight >= 0 && results[highlight] ? `result-${results[highlight].id}` : undefined;

  return (
    <div className="search-col">
      <label className="search-label" htmlFor="search-input">
        {t('search.label')}
      </label>
      <input
        id="search-input"
        ref={inputRef}
        className="search-input"
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        autoFocus
        placeholder={t('search.placeholder')}
        aria-describedby="search-hint"
        aria-expanded={results.length > 0}
        aria-controls="search-results"
        aria-activedescendant={activeId}
        aria-keyshortcuts="/ Control+K F2"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          pendingOpen.current = false;
        }}
        onKeyDown={onKeyDown}
        data-testid="search-input"
      />
      <p id="search-hint" className="hint">
        {t('search.hint')}
      </p>

      <div className="search-status" aria-live="polite" data-testid="search-status">
        {typed === '' ? null : search.isError ? (
          <ErrorText error={search.error} />
        ) : !isCurrent ? (
          <p className="hint">{t('search.searching')}</p>
        ) : data?.query.kind === 'serial-invalid' ? (
          <p className="msg msg-warn" data-testid="search-message">
            ⚠ {t('search.serialInvalid', { digits: data.query.digits })}
          </p>
        ) : data?.query.kind === 'phone-incomplete' && results.length === 0 ? (
          <p className="msg msg-warn" data-testid="search-message">
            ⚠ {t('search.phoneIncomplete', { digits: data.query.digits })}
          </p>
        ) : results.length === 0 ? (
          <p className="msg msg-info" data-testid="search-message">
            {t('search.noResults', { q: typed })}
          </p>
        ) : (
          <p className="search-count">
            {phoneQuery && results.length > 1 ? (
              <strong className="shared-phone" data-testid="shared-phone">
                ☎ {t('search.sharedPhone', { count: results.length })}
              </strong>
            ) : (
              t('search.found', { count: results.length })
            )}
            {data?.truncated ? <span className="hint"> · {t('search.truncated', { n: results.length })}</span> : null}
          </p>
        )}
      </div>

      <ul id="search-results" ref={listRef} className={isCurrent ? 'results' : 'results results-stale'} role="listbox" aria-label={t('search.results')}>
        {results.map((c, i) => (
          <li
            key={c.id}
            id={`result-${c.id}`}
            role="option"
            aria-selected={i === highlight}
            className={`result${i === highlight ? ' result-hl' : ''}${c.id === selectedId ? ' result-open' : ''}`}
            onMouseDown={(e) => e.preventDefault() /* keep focus in the search field */}
            onClick={() => open(i)}
            data-testid="search-result"
            data-contract-no={c.contractNo}
          >
            <div className="result-line1">
              <span className="result-holder">{c.holderName}</span>
              <span className="result-no">{c.contractNo}</span>
            </div>
            <div className="result-line2">
              <span className="result-addr">{c.address}</span>
              {c.status !== 'active' ? <span className="badge badge-status">{t(`card.status_${c.status}`)}</span> : null}
            </div>
            <div className="result-line2">
              <span className="result-phones">{c.phones.map(formatPhone).join(', ')}</span>
              <span className="result-tariff">{c.tariff}</span>
              <span className={`result-balance level-${c.eligibility.level}`}>
                <span aria-hidden="true">{levelIcon(c.eligibility.level)} </span>
                {c.balanceKopecks === null ? '—' : formatRub(c.balanceKopecks, locale)}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
