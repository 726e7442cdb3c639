import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS, type ShortcutRow } from '../lib/keys';
import { CALL_SHORTCUTS } from '../features/calls/keys';
import { TICKET_SHORTCUTS } from '../features/tickets/listModel';
import { useAppUi } from '../shared/appUi';

/** The `?` sheet: every key the console reacts to (UX.md). A modal <dialog>, Esc closes it. */
export function ShortcutSheet() {
  const { t } = useTranslation();
  const open = useAppUi((s) => s.shortcutsOpen);
  const setOpen = useAppUi((s) => s.setShortcutsOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="sheet" aria-labelledby="shortcut-title" onClose={() => setOpen(false)} data-testid="shortcut-sheet">
      <h2 id="shortcut-title">{t('shortcuts.title')}</h2>
      <div className="sheet-columns">
        <KeyTable rows={SHORTCUTS} />
        <div>
          <h3 className="sheet-sub">{t('shortcuts.callsTitle')}</h3>
          <KeyTable rows={CALL_SHORTCUTS} />
          <h3 className="sheet-sub">{t('shortcuts.ticketsTitle')}</h3>
          <KeyTable rows={TICKET_SHORTCUTS} />
        </div>
      </div>
      <button type="button" className="btn" autoFocus onClick={() => setOpen(false)}>
        {t('shortcuts.close')}
      </button>
    </dialog>
  );
}

function KeyTable({ rows }: { readonly rows: readonly ShortcutRow[] }) {
  const { t } = useTranslation();
  return (
    <table className="sheet-table">
      <tbody>
        {rows.map((s) => (
          <tr key={s.label}>
            <td className="sheet-keys">
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 ? ' ' : null}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </td>
            <td>{t(s.label)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
