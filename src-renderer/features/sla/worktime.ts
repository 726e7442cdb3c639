/**
 * The desk's working time in the renderer, for live SLA clocks: one compiled WorkingTime per
 * (active profile, schedule kind), built with the same pure engine the host uses
 * (src-shared/worktime). A year without production-calendar data is reported, never guessed.
 */
import { useMemo } from 'react';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { CalendarMissingError, RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { compileWorkingTime, scheduleOf, type ScheduleKind, type WorkingTime } from '../../../src-shared/worktime/schedule';
import { useActiveProfile } from '../settings/queries';
import type { WorkingBetween } from './sla';

type Compiled = { readonly wt: WorkingTime } | { readonly missingYear: number } | { readonly unavailable: string };

const cache = new WeakMap<DeskProfile, Map<ScheduleKind, Compiled>>();
const warned = new Set<string>();

function compiled(profile: DeskProfile, kind: ScheduleKind): Compiled {
  let byKind = cache.get(profile);
  if (!byKind) {
    byKind = new Map();
    cache.set(profile, byKind);
  }
  let c = byKind.get(kind);
  if (!c) {
    try {
      c = { wt: compileWorkingTime(RU_CALENDAR, scheduleOf(profile, kind)) };
    } catch (err) {
      if (err instanceof CalendarMissingError) c = { missingYear: err.year };
      else {
        const message = err instanceof Error ? err.message : String(err);
        // The host's figures are shown instead (flagged "as of"); say why once in the console.
        if (!warned.has(message)) {
          warned.add(message);
          console.warn(`live SLA clocks unavailable (${kind}): ${message}`);
        }
        c = { unavailable: message };
      }
    }
    byKind.set(kind, c);
  }
  return c;
}

/** `between` for a schedule kind of a profile, or null when there is no engine (stub, bad profile). */
export function workingBetween(profile: DeskProfile | null, kind: ScheduleKind): WorkingBetween | null {
  if (!profile) return null;
  const c = compiled(profile, kind);
  if ('unavailable' in c) return null;
  if ('missingYear' in c) {
    const year = c.missingYear;
    return () => ({ missingYear: year });
  }
  const wt = c.wt;
  return (a, b) => {
    try {
      return wt.workingTimeBetween(a, b);
    } catch (err) {
      if (err instanceof CalendarMissingError) return { missingYear: err.year };
      return null;
    }
  };
}

/** The three schedules of the active desk profile, stable across renders. */
export function useWorkingTimes(): (kind: ScheduleKind) => WorkingBetween | null {
  const { active } = useActiveProfile();
  return useMemo(() => {
    const byKind = new Map<ScheduleKind, WorkingBetween | null>();
    return (kind: ScheduleKind) => {
      if (!byKind.has(kind)) byKind.set(kind, workingBetween(active, kind));
      return byKind.get(kind) ?? null;
    };
  }, [active]);
}
