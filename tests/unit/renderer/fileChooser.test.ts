import { afterEach, describe, expect, it } from 'vitest';
import { chosenFromPage, fileChooser, pickWithHostDialog, setTransport } from '../../../src-renderer/api/client';
import type { Envelope } from '../../../src-shared/ipc/envelope';
import type { FileRef, Transport } from '../../../src-renderer/api/transport';

const REF: FileRef = { fileId: 'k'.repeat(43), name: 'справочник.csv', bytes: 12 };

function transport(
  over: Partial<Transport> & Pick<Transport, 'fileSource'>,
  answer: (channel: string, input: unknown) => Envelope<unknown> = () => ({ ok: true, value: null }),
) {
  const calls: { channel: string; input: unknown }[] = [];
  const t: Transport = {
    kind: over.fileSource.via === 'host-dialog' ? 'electron' : 'web',
    call: (channel, input) => {
      calls.push({ channel, input });
      return Promise.resolve(answer(channel, input));
    },
    on: () => () => undefined,
    state: () => 'open',
    onState: () => () => undefined,
    ...over,
  };
  setTransport(t);
  return calls;
}

describe('choosing a file: one abstraction, a handle in both modes, never a path', () => {
  afterEach(() => setTransport(null));

  it('Electron: the host opens its dialog (files:pick with the purpose); the answer is the handle', async () => {
    const calls = transport({ fileSource: { via: 'host-dialog' } }, () => ({ ok: true, value: REF }));
    expect(fileChooser()).toBe('host-dialog');
    const chosen = await pickWithHostDialog('directory-csv');
    expect(calls).toEqual([{ channel: 'files:pick', input: { purpose: 'directory-csv' } }]);
    expect(chosen).toMatchObject({ name: 'справочник.csv', bytes: 12 });
    await expect(chosen?.handle()).resolves.toEqual(REF);
  });

  it('Electron: a cancelled dialog is null; a host answer that is not a handle (a path) is refused', async () => {
    transport({ fileSource: { via: 'host-dialog' } }, () => ({ ok: true, value: null }));
    await expect(pickWithHostDialog('attachment')).resolves.toBeNull();
    transport({ fileSource: { via: 'host-dialog' } }, () => ({ ok: true, value: { fileId: '/etc/shadow', name: 'shadow', bytes: 1 } }));
    await expect(pickWithHostDialog('attachment')).rejects.toMatchObject({ name: 'ApiError', code: 'INTERNAL' });
  });

  it('browser mode: the page input; each use of the chosen file uploads it (handles are single-use)', async () => {
    const uploads: string[] = [];
    transport({
      fileSource: {
        via: 'upload',
        upload: (f) => {
          uploads.push(f.name);
          return Promise.resolve({ ...REF, name: f.name, bytes: f.size });
        },
      },
    });
    expect(fileChooser()).toBe('page-input');
    const chosen = chosenFromPage(new File(['a;b\n'], 'выгрузка.csv'));
    expect(chosen).toMatchObject({ name: 'выгрузка.csv', bytes: 4 });
    expect(uploads).toEqual([]); // nothing leaves the page until the file is used
    await expect(chosen.handle()).resolves.toEqual({ fileId: REF.fileId, name: 'выгрузка.csv', bytes: 4 });
    await chosen.handle();
    expect(uploads).toEqual(['выгрузка.csv', 'выгрузка.csv']);
  });
});
