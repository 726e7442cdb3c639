import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilePurpose } from '../../src-shared/ipc/files';
import { chosenFromPage, fileChooser, pickWithHostDialog, type ChosenFile } from '../api/client';

type Props = {
  readonly purpose: FilePurpose;
  /** The caption: a button's text (`look="button"`) or the field's label (`look="field"`). */
  readonly caption: string;
  readonly look: 'button' | 'field';
  readonly className?: string;
  readonly accept?: string;
  readonly disabled?: boolean;
  /** Clear the choice after handing it over (a picker that acts at once, like «Приложить файл»). */
  readonly resetAfterChoose?: boolean;
  readonly testId: string;
  readonly onChosen: (file: ChosenFile | null) => void;
  readonly onError: (err: unknown) => void;
};

/**
 * The one way the UI lets the operator choose a file, in both modes. Electron: a button that asks
 * the host to open its own dialog (`files:pick`); browser mode: the page's file input, uploaded
 * when used. Either way the caller gets a ChosenFile whose handle (never a path) goes to the host.
 */
export function FilePicker(p: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);

  if (fileChooser() === 'page-input') {
    const control = (
      <input
        ref={input}
        type="file"
        accept={p.accept}
        // Never the browser's own control: it says «Choose File» in the browser's language, not the console's.
        className="sr-only"
        disabled={p.disabled}
        onChange={(e) => {
          const f = e.target.files?.[0];
          setPicked(f && !p.resetAfterChoose ? f.name : null);
          p.onChosen(f ? chosenFromPage(f) : null);
          if (p.resetAfterChoose && input.current) input.current.value = '';
        }}
        data-testid={p.testId}
      />
    );
    return p.look === 'button' ? (
      <label className={p.className}>
        <span className="btn btn-small">{p.caption}</span>
        {control}
      </label>
    ) : (
      <label className={p.className ?? 'field'}>
        <span className="field-label">{p.caption}</span>
        <span className="row">
          <span className="btn" aria-hidden="true">
            {t('files.choose')}
          </span>
          <span className="muted" data-user-text>
            {picked ?? t('files.none')}
          </span>
        </span>
        {control}
      </label>
    );
  }

  const pick = async () => {
    setPicking(true);
    try {
      const chosen = await pickWithHostDialog(p.purpose);
      if (chosen === null) return; // cancelled: the previous choice stays
      setPicked(p.resetAfterChoose ? null : chosen.name);
      p.onChosen(chosen);
    } catch (err) {
      p.onError(err);
    } finally {
      setPicking(false);
    }
  };
  const button = (
    <button
      type="button"
      className={p.look === 'button' ? 'btn btn-small' : 'btn'}
      disabled={p.disabled || picking}
      onClick={() => void pick()}
      data-testid={p.testId}
    >
      {p.look === 'button' ? p.caption : t('files.choose')}
    </button>
  );
  return p.look === 'button' ? (
    <span className={p.className}>{button}</span>
  ) : (
    <div className={p.className ?? 'field'}>
      <span className="field-label">{p.caption}</span>
      <span className="row">
        {button} <span className="muted">{picked ?? t('files.none')}</span>
      </span>
    </div>
  );
}
