import type { ServerMigration } from '../migrate';
import { migration0010 } from './0010-users';
import { migration0020 } from './0020-sync';
import { migration0040 } from './0040-push-retention';

/** Ordered, strictly increasing, steps of 10 (checked by tests/integration/server/storage.test.ts). */
export const SERVER_MIGRATIONS: readonly ServerMigration[] = [migration0010, migration0020, migration0040];
