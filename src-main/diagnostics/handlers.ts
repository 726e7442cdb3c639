/** «Сохранить диагностику» (bundle.ts). */
import type { ChannelsOf, Handlers } from '../ipc/dispatch';
import { saveBundle, type DiagnosticsDeps } from './bundle';

export function createDiagnosticsHandlers(deps: DiagnosticsDeps): Pick<Handlers, ChannelsOf<'diagnostics'>> {
  return {
    'diagnostics:save': () => saveBundle(deps),
  };
}
