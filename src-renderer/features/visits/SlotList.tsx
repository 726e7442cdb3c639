import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitSlot } from '../../../src-shared/ipc/ticketSchemas';
import { bookable, dayLabel, groupByDay, slotLabel, stepSlot } from './slots';

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Slots by day: «13:00–15:00», free places, in / after the reaction time, and who moves if this
 * one is taken (R-VIS-QUEUE). A radio group: ↑/↓ choose, Enter books the chosen slot. The chosen
 * slot takes the focus when the list first appears (the second click is then Enter or «Подтвердить»).
 */
export function SlotList({
  slots,
  chosen,
  onChoose,
  onConfirm,
}: {
  readonly slots: readonly VisitSlot[];
  readonly chosen: number;
  readonly onChoose: (i: number) => void;
  readonly onConfirm: (i: number) => void;
}) {
  const { t } = useTranslation();
  const refs = useRef(new Map<number, HTMLButtonElement>());
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current || chosen < 0) return;
    const el = refs.current.get(chosen);
    if (!el) return;
    focused.current = true;
    // Inside a dialog that is not shown yet focus() does nothing: the dialog focuses [data-autofocus] when it opens.
    if (el.closest('dialog')?.open !== false) el.focus();
  }, [chosen]);
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onConfirm(i);
      return;
    }
    const dir = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? -1 : 0;
    if (dir === 0) return;
    e.preventDefault();
    const next = stepSlot(slots, i, dir);
    onChoose(next);
    refs.current.get(next)?.focus();
  };
  return (
    <div className="slot-days" role="radiogroup" aria-label={t('booking.slots')} data-testid="visit-slots">
      {groupByDay(slots).map((day) => (
        <div key={day.date} className="slot-day">
          <div className="slot-day-label">
            {dayLabel(day.date)}, {t(`weekday.${WEEKDAY_KEYS[day.isoWeekday - 1] ?? 'mon'}`)}
          </div>
          <div className="slot-items">
            {day.slots.map(({ slot: s, index: i }) => {
              const ok = bookable(s);
              return (
                <button
                  key={s.start}
                  ref={(el) => {
                    if (el) refs.current.set(i, el);
                    else refs.current.delete(i);
                  }}
                  type="button"
                  role="radio"
                  aria-checked={i === chosen}
                  tabIndex={i === chosen || (chosen < 0 && i === 0) ? 0 : -1}
                  disabled={!ok}
                  className={`slot${i === chosen ? ' slot-chosen' : ''}${s.meetsReaction ? ' slot-in-time' : ' slot-late'}`}
                  onClick={() => onChoose(i)}
                  onDoubleClick={() => onConfirm(i)}
                  onKeyDown={(e) => onKey(e, i)}
                  data-testid="visit-slot"
                  data-start={s.start}
                  data-chosen={i === chosen}
                  data-autofocus={i === chosen ? 'true' : undefined}
                >
                  <span className="slot-time">{slotLabel(s)}</span>
                  <span className="slot-free">{ok ? t('booking.free', { count: s.free }) : t('booking.full')}</span>
                  <span className={`slot-tag ${s.meetsReaction ? 'tag-ok' : 'tag-late'}`}>
                    {s.meetsReaction ? `✔ ${t('booking.inTime')}` : `⚠ ${t('booking.late')}`}
                  </span>
                  {s.moves.length > 0 ? <span className="slot-moves">⇄ {t('booking.moves', { count: s.moves.length })}</span> : null}
                </button>
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
