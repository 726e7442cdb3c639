/**
 * Diagnostics part of the contract: «Сохранить диагностику» writes one bundle (versions, data
 * folder layout, settings without secrets, schema and row counts, registration state, the last
 * log lines) into the data folder and answers its name, size and content, so browser mode can
 * offer it as a download without a second, token-guarded HTTP route.
 */
import { z } from 'zod';
import { Empty } from './fields';

export const DiagnosticsSavedSchema = z.object({
  /** `diagnostics-<instant>.json` inside `<dataDir>/diagnostics/`; never a path. */
  fileName: z.string().regex(/^diagnostics-[0-9A-Za-z-]+\.json$/),
  bytes: z.number().int().nonnegative(),
  content: z.string(),
});
export type DiagnosticsSaved = z.infer<typeof DiagnosticsSavedSchema>;

export const diagnosticsRequests = {
  'diagnostics:save': { input: Empty, output: DiagnosticsSavedSchema },
} as const;
