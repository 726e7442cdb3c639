/**
 * The one contract between the renderer and the console host. Both transports (Electron IPC and
 * the loopback WebSocket of browser mode), the preload allow-list and the renderer's typed client
 * are derived from this file. Requests are 'domain:verb', events 'domain:noun'.
 */
import { z } from 'zod';
import { DeskProfileSchema } from '../domain/deskProfile';
import { FileIdSchema, filesRequests } from './files';
import { ContractStatusSchema, IsoDateSchema as IsoDate, IsoInstantSchema as IsoInstant, LocaleSchema } from '../domain/values';
import { agentEvents, agentRequests } from './agent';
import { callsEvents, callsRequests } from './calls';
import { claimsRequests } from './claims';
import { diagnosticsRequests } from './diagnostics';
import { serverRequests } from './server';
import { Empty, Id, Line } from './fields';
import { softphoneEvents, softphoneRequests } from './softphone';
import { syncEvents, syncRequests } from './sync';
import { ticketsEvents, ticketsRequests } from './tickets';
import { visitsRequests } from './visits';

export const EligibilityReasonSchema = z.object({ code: z.string() }).catchall(z.union([z.string(), z.number(), z.null()]));
export const EligibilitySchema = z.object({
  level: z.enum(['ok', 'warn', 'block']),
  reasons: z.array(EligibilityReasonSchema),
  balanceStale: z.boolean(),
  debtWorkingDays: z.number().int().nullable(),
  suspended: z.boolean(),
});

export const ContractSchema = z.object({
  id: z.number().int(),
  contractNo: z.string(),
  holderName: z.string(),
  address: z.string(),
  phones: z.array(z.string()),
  devices: z.array(z.string()),
  tariff: z.string(),
  status: ContractStatusSchema,
  balanceKopecks: z.number().int().nullable(),
  balanceAt: IsoInstant.nullable(),
  debtSince: IsoDate.nullable(),
  eligibility: EligibilitySchema,
});
export type Contract = z.infer<typeof ContractSchema>;

export const SearchQuerySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('empty') }),
  z.object({ kind: z.literal('phone'), e164: z.string() }),
  z.object({ kind: z.literal('serial'), serial: z.string() }),
  z.object({ kind: z.literal('serial-invalid'), digits: z.number().int() }),
  z.object({ kind: z.literal('contract'), contractNo: z.string() }),
  z.object({ kind: z.literal('phone-tail'), tail: z.string(), contractNo: z.string() }),
  z.object({ kind: z.literal('phone-incomplete'), digits: z.number().int(), contractNo: z.string() }),
  z.object({ kind: z.literal('surname'), prefix: z.string() }),
]);

/** What the operator may choose for a directory import; `auto` detects from the bytes (docs/directory-csv.md). */
export const ImportEncodingChoiceSchema = z.enum(['auto', 'utf-8', 'windows-1251']);
/** The encoding an import actually read (a BOM or UTF-16 wins over the choice). */
export const ImportEncodingSchema = z.enum(['utf-8', 'windows-1251', 'utf-16le', 'utf-16be']);

export const ImportProgressSchema = z.object({
  jobId: z.string(),
  phase: z.enum(['reading', 'indexing', 'done', 'failed', 'cancelled']),
  rows: z.number().int(),
  badRows: z.number().int(),
  bytes: z.number(),
  totalBytes: z.number(),
  rowsPerSec: z.number(),
  etaSec: z.number().nullable(),
  error: z.object({ line: z.number().int().nullable(), field: z.string().nullable(), message: z.string() }).nullable(),
  reportPath: z.string().nullable(),
  /** null until the first bytes have decided it. */
  encoding: ImportEncodingSchema.nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const DirectoryStatusSchema = z.object({
  contracts: z.number().int(),
  phones: z.number().int(),
  devices: z.number().int(),
  importedAt: IsoInstant.nullable(),
  source: z.string().nullable(),
  demo: z.boolean(),
  importing: z.string().nullable(),
});

const ProfilesSchema = z.object({ activeId: z.string(), profiles: z.array(DeskProfileSchema) });

export const contract = {
  requests: {
    'app:info': {
      input: Empty,
      output: z.object({
        version: z.string(),
        dataDir: z.string(),
        transport: z.enum(['electron', 'web']),
        locale: LocaleSchema,
        calendarYears: z.array(z.number().int()),
      }),
    },
    'settings:setLocale': { input: z.object({ locale: LocaleSchema }).strict(), output: z.object({ locale: LocaleSchema }) },
    'profiles:list': { input: Empty, output: ProfilesSchema },
    'profiles:setActive': { input: z.object({ id: Id }).strict(), output: ProfilesSchema },
    'profiles:save': { input: z.object({ profile: DeskProfileSchema }).strict(), output: ProfilesSchema },
    'profiles:reset': { input: z.object({ id: Id }).strict(), output: ProfilesSchema },
    'directory:status': { input: Empty, output: DirectoryStatusSchema },
    'directory:import': {
      input: z.object({ fileId: FileIdSchema, skipBadRows: z.boolean().default(false), encoding: ImportEncodingChoiceSchema.default('auto') }).strict(),
      output: z.object({ jobId: z.string() }),
    },
    'directory:cancelImport': { input: z.object({ jobId: Id }).strict(), output: z.object({ cancelled: z.boolean() }) },
    'directory:search': {
      input: z.object({ query: Line(200), limit: z.number().int().min(1).max(200).default(50) }).strict(),
      output: z.object({ query: SearchQuerySchema, results: z.array(ContractSchema), truncated: z.boolean() }),
    },
    'directory:get': { input: z.object({ id: z.number().int() }).strict(), output: ContractSchema },
    'identification:verify': {
      // callerStaff: R-ID-STAFF, asked on staff-only desks (the caller is the customer's own staff).
      // Both names are required here, so the card's form marks them and says which one is empty
      // before asking (the same schema); the service still answers 'missing-input' to other callers.
      input: z.object({ contractNo: Line(64).min(1), surname: Line(100).min(1), callerStaff: z.boolean().nullable().default(null) }).strict(),
      output: z.object({
        verified: z.boolean(),
        reason: z.enum(['missing-input', 'contract-not-found', 'surname-mismatch', 'staff-unknown', 'not-staff']).nullable(),
        contract: ContractSchema.nullable(),
      }),
    },
    'identification:moneyQuestion': {
      input: z.object({ contractId: z.number().int().nullable(), phone: Line(32).nullable(), reason: Line(500).min(1) }).strict(),
      output: z.object({ id: z.string(), redirectLabel: z.string(), redirectPhone: z.string().nullable(), recordedAt: IsoInstant }),
    },
    'identification:redirects': {
      input: z.object({ contractId: z.number().int().nullable() }).strict(),
      output: z.array(
        z.object({ id: z.string(), contractNo: z.string().nullable(), phone: z.string().nullable(), reason: z.string(), recordedAt: IsoInstant }),
      ),
    },
    ...filesRequests,
    ...softphoneRequests,
    ...callsRequests,
    ...agentRequests,
    ...ticketsRequests,
    ...visitsRequests,
    ...claimsRequests,
    ...diagnosticsRequests,
    ...serverRequests,
    ...syncRequests,
  },
  events: {
    'directory:importProgress': ImportProgressSchema,
    'directory:changed': DirectoryStatusSchema,
    'profiles:changed': ProfilesSchema,
    /** Redirects changed outside this console's own writes (a pull): the money-question history refetches. */
    'identification:redirectsChanged': z.object({ at: IsoInstant }),
    ...softphoneEvents,
    ...callsEvents,
    ...agentEvents,
    ...ticketsEvents,
    ...syncEvents,
  },
} as const;

type Requests = typeof contract.requests;
type Events = typeof contract.events;
export type Channel = keyof Requests;
export type EventName = keyof Events;
export type Input<C extends Channel> = z.input<Requests[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Requests[C]['input']>;
export type Output<C extends Channel> = z.output<Requests[C]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const CHANNELS = Object.keys(contract.requests) as Channel[];
export const EVENTS = Object.keys(contract.events) as EventName[];
export function isChannel(x: unknown): x is Channel {
  return typeof x === 'string' && Object.hasOwn(contract.requests, x);
}
