/**
 * The desk-profile channels. Every change is emitted as `profiles:changed`; a change of the
 * active profile (another desk, edited schedules) recomputes the SLA clocks, which run on it.
 */
import type { Output } from '../../src-shared/ipc/contract';
import type { ChannelsOf, Handlers } from '../ipc/dispatch';
import type { EventBus } from '../ipc/events';
import type { Logger } from '../log';
import type { SlaService } from '../sla/service';
import type { ProfilesService } from './service';

type ProfilesChannel = ChannelsOf<'profiles'>;

export function createProfilesHandlers(deps: {
  profiles: ProfilesService;
  sla: Pick<SlaService, 'profileChanged'>;
  events: Pick<EventBus, 'emit'>;
  log: Logger;
}): Pick<Handlers, ProfilesChannel> {
  const { profiles, events, log } = deps;
  let activeProfileJson = JSON.stringify(profiles.active());

  function emitProfiles<T extends Output<'profiles:list'>>(snapshot: T): T {
    events.emit('profiles:changed', snapshot);
    // SLA clocks run on the active profile's schedules: a change there recomputes every open ticket.
    const active = JSON.stringify(profiles.active());
    if (active !== activeProfileJson) {
      activeProfileJson = active;
      const r = deps.sla.profileChanged();
      log.info({ tickets: r.tickets, changed: r.changed, ms: Math.round(r.ms) }, 'desk profile changed: SLA recomputed');
    }
    return snapshot;
  }

  return {
    'profiles:list': () => profiles.list(),
    'profiles:setActive': ({ id }) => emitProfiles(profiles.setActive(id)),
    'profiles:save': ({ profile }) => emitProfiles(profiles.save(profile)),
    'profiles:reset': ({ id }) => emitProfiles(profiles.reset(id)),
  };
}
