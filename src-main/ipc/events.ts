import { contract, type EventName, type EventPayload } from '../../src-shared/ipc/contract';

export type EventListener = (event: EventName, payload: unknown) => void;
export type EventBus = {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
};

/** Host → renderer events; each payload is checked against the contract before it leaves. */
export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      const checked = contract.events[event].parse(payload);
      for (const l of listeners) l(event, checked);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
