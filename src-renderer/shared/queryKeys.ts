/**
 * The react-query keys of host data that more than one feature reads or refreshes (STYLE.md: keys
 * per feature; these are the ones features share). A feature's private keys stay in its own
 * queries.ts.
 */

/** The call log's filter (`calls:log`, R-CALL-REPEAT). */
export type LogFilter = { readonly number?: string; readonly contractNo?: string; readonly from?: string; readonly to?: string; readonly operator?: string };

export const directoryKeys = {
  all: ['directory'] as const,
  status: ['directory', 'status'] as const,
  search: (query: string) => ['directory', 'search', query] as const,
  contract: (id: number) => ['directory', 'contract', id] as const,
};

/** The desk profiles (`profiles:list`; the host's `profiles:changed` replaces them). */
export const profileKeys = { all: ['profiles'] as const };

export const callKeys = {
  /** The live calls snapshot (`calls:list`, `calls:state`). */
  calls: ['calls', 'list'] as const,
  logAll: ['calls', 'log'] as const,
  log: (f: LogFilter) => ['calls', 'log', f] as const,
  /** Under logAll, so a finished call refreshes it too. */
  repeat: (number: string) => ['calls', 'log', 'repeat', number] as const,
};

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: ['tickets', 'list'] as const,
  contract: (contractNo: string) => ['tickets', 'list', 'contract', contractNo] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  queues: ['tickets', 'queues'] as const,
};

/** The caller card's R-ID-CONTRACT check; the calls feature records a success on the live call. */
export const verifyMutationKey = ['identification', 'verify'] as const;
