/**
 * The directory channels: its status, the import of a chosen file (a handle from src-main/files,
 * never a path), cancelling it, search and the caller card.
 */
import type { Output } from '../../src-shared/ipc/contract';
import type { FileRegistry } from '../files/registry';
import type { ChannelsOf, Handlers } from '../ipc/dispatch';
import type { SettingsRepo } from '../settings/repo';
import type { ImportJobs } from './jobs';
import type { DirectoryRepo } from './repo';
import type { DirectoryService } from './service';

type DirectoryChannel = ChannelsOf<'directory'>;

export function createDirectoryHandlers(deps: {
  repo: Pick<DirectoryRepo, 'counts'>;
  directory: DirectoryService;
  settings: Pick<SettingsRepo, 'get'>;
  jobs: Pick<ImportJobs, 'start' | 'cancel' | 'running'>;
  files: Pick<FileRegistry, 'get' | 'take'>;
}) {
  const { repo, directory, settings, jobs, files } = deps;

  /** Also the payload of `directory:changed` after an import (host.ts). */
  const status = (): Output<'directory:status'> => {
    const c = repo.counts();
    return {
      ...c,
      importedAt: settings.get('directory.imported_at'),
      source: settings.get('directory.source'),
      demo: settings.get('directory.demo') === '1',
      importing: jobs.running(),
    };
  };

  const handlers: Pick<Handlers, DirectoryChannel> = {
    'directory:status': () => status(),
    'directory:import': ({ fileId, skipBadRows, encoding }) => {
      const file = files.get(fileId);
      const { jobId } = jobs.start({ path: file.path, label: file.name, owned: file.owned }, { skipBadRows, encoding });
      // Started (not BUSY): the job owns the file now and removes an upload when it ends.
      files.take(fileId);
      return { jobId };
    },
    'directory:cancelImport': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'directory:search': ({ query, limit }) => directory.search(query, limit),
    'directory:get': ({ id }) => directory.get(id),
  };
  return { status, handlers };
}
