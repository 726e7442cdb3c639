/**
 * Everything the softphone runs for the whole window (App mounts it once): registration events
 * into the cache, the media engine with a warm microphone, ring tone and notification. The live
 * calls themselves (their events, screen pop, verification) are the calls feature's
 * (features/calls/useLiveCalls.ts).
 */
import { useMediaEngine } from '../../media/useMediaEngine';
import { useCalls } from '../../shared/liveCall';
import { useAccount, useSoftphoneEvents } from './queries';
import { useIncomingAlerts } from './useIncomingAlerts';

export function useSoftphone(): void {
  useSoftphoneEvents();
  const account = useAccount().data?.account ?? null;
  useMediaEngine(account !== null && !account.nullMedia);
  const calls = useCalls().data?.calls ?? [];
  useIncomingAlerts(calls);
}
