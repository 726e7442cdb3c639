/**
 * `files:pick`: the host opens its own file dialog (Electron passes the capability in, as it does
 * `notify`), so the renderer never needs to know, or name, a path.
 */
import { AppError } from '../../src-shared/ipc/envelope';
import type { FilePurpose } from '../../src-shared/ipc/files';
import type { Handlers } from '../ipc/dispatch';
import { toFileRef, type FileRegistry } from './registry';
import type { Locale } from '../../src-shared/domain/values';

export type PickFileOptions = Readonly<{
  purpose: FilePurpose;
  title: string;
  filters: readonly { readonly name: string; readonly extensions: readonly string[] }[];
}>;
/** The native dialog: the chosen file's absolute path, or null when the operator cancelled. */
export type PickFile = (opts: PickFileOptions) => Promise<string | null>;

const TITLES: Readonly<Record<Locale, Readonly<Record<FilePurpose, string>>>> = {
  ru: { attachment: 'Файл для заявки', 'directory-csv': 'Справочник абонентов (CSV)' },
  en: { attachment: 'File for the ticket', 'directory-csv': 'Customer directory (CSV)' },
};

export function pickOptions(purpose: FilePurpose, locale: Locale): PickFileOptions {
  const filters =
    purpose === 'directory-csv'
      ? [
          { name: locale === 'ru' ? 'Таблица CSV' : 'CSV table', extensions: ['csv', 'txt'] },
          { name: locale === 'ru' ? 'Все файлы' : 'All files', extensions: ['*'] },
        ]
      : [];
  return { purpose, title: TITLES[locale][purpose], filters };
}

export function createFilesHandlers(deps: { registry: FileRegistry; pickFile: PickFile | undefined; locale: () => Locale }): Pick<Handlers, 'files:pick'> {
  return {
    'files:pick': async ({ purpose }, ctx) => {
      // A dialog on the host's desktop is for the Electron window only; a page uploads instead.
      if (ctx.transport !== 'electron' || deps.pickFile === undefined) {
        throw new AppError('VALIDATION', 'browser mode has no host file dialog: the page uploads the file (POST /upload)');
      }
      const chosen = await deps.pickFile(pickOptions(purpose, deps.locale()));
      return chosen === null ? null : toFileRef(deps.registry.registerPicked(chosen));
    },
  };
}
