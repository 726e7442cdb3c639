/**
 * The desk server as the tests start it: in this process, on loopback, plain HTTP, a cheap scrypt
 * (the slow KDF is tested on its own) and silent logs. `over` adds what a test needs (a clock,
 * live policy, session policy).
 */
import { startDeskServer, type Database, type DeskOptions, type DeskServer } from '../../src-server/app';
import { createServerLogger } from '../../src-server/log';

const silent = createServerLogger({ level: 'silent', format: 'json' });

export function startTestDeskServer(database: Database, adminPassword: string, over: Partial<DeskOptions> = {}): Promise<DeskServer> {
  return startDeskServer({
    database,
    host: '127.0.0.1',
    port: 0,
    tls: null,
    log: silent,
    adminPassword,
    scrypt: { log2N: 12, r: 8, p: 1 },
    ...over,
  });
}
