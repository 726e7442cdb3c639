import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-profiles-redirects';
import { migration0030 } from './0030-calls';
import { migration0040 } from './0040-tickets';
import { migration0050 } from './0050-ticket-counts';
import { migration0060 } from './0060-outbox-call-args';
import { migration0070 } from './0070-call-verdict';
import { migration0074 } from './0074-search-priority';
import { migration0076 } from './0076-assignee-id';
import { migration0084 } from './0084-sync';
import { migration0086 } from './0086-desk-people';
import { migration0087 } from './0087-renumbered-search';
import type { Migration } from './types';

/** Ordered, strictly increasing (checked by tests/unit/db/migrations.test.ts). */
export const MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0074,
  migration0076,
  migration0084,
  migration0086,
  migration0087,
];
export type { Migration };
