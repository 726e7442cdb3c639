import type { ChannelsOf, Handlers } from '../ipc/dispatch';
import type { DeskServerSession } from './session';

export function createDeskServerHandlers(session: DeskServerSession): Pick<Handlers, ChannelsOf<'server'>> {
  return {
    'server:status': () => session.status(),
    'server:signIn': (input) => session.signIn(input),
    'server:signOut': () => session.signOut(),
  };
}
