import type { ServerMigration } from '../migrate';
import { migration0010 } from './0010-users';

/** Ordered, strictly increasing, steps of 10 (checked by tests/integration/server/storage.test.ts). */
export const SERVER_MIGRATIONS: readonly ServerMigration[] = [migration0010];
