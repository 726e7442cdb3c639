/**
 * `npm run server`: the desk server under plain Node. Prints `Desk server: URL` once it listens
 * (tests wait for that line) and, on a first start without --admin-password-file, the admin's
 * one-time password. SIGTERM/SIGINT: stop accepting, drain in-flight requests, close the database.
 */
import { readFileSync } from 'node:fs';
import { startDeskServer, type DeskServer } from './app';
import { ConfigError, helpText, parseServerConfig } from './config';
import { InsecureBindError } from './http/server';
import { createServerLogger } from './log';
import { DataDirLockedError } from './storage/dirLock';
import { DatabaseFromFutureError, MigrationError } from './storage/migrate';
import { AdminPasswordError, adminPasswordFromFile } from './users/bootstrap';

function readFile(what: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError(`cannot read the ${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function main(): Promise<void> {
  const config = parseServerConfig(process.argv.slice(2), process.env, process.stdout.isTTY === true);
  if (config.help) {
    console.log(helpText());
    return;
  }
  // Whatever the server or the embedded database writes is for this OS user alone.
  process.umask(0o077);
  const log = createServerLogger({ level: config.logLevel, format: config.logFormat });
  const tls = config.tls ? { cert: readFile('certificate', config.tls.certFile), key: readFile('TLS key', config.tls.keyFile) } : null;
  const adminPassword = config.adminPasswordFile
    ? adminPasswordFromFile(readFile('admin password file', config.adminPasswordFile).toString('utf8'), config.adminPasswordFile)
    : null;
  const server: DeskServer = await startDeskServer({
    database: config.database,
    host: config.host,
    port: config.port,
    tls,
    log,
    adminPassword,
    bodyLimitBytes: config.bodyLimitBytes,
    changeLogDays: config.changeLogDays,
  });
  if (config.database.kind === 'pglite') console.log(`Data folder: ${config.database.dataDir}`);
  if (server.bootstrap.created) {
    if (server.bootstrap.generated) {
      console.log(
        `First start: created the account "${server.bootstrap.login}" with the one-time password\n\n    ${server.bootstrap.password}\n\n` +
          'It is shown only now and stored only as a hash: sign in and change it.',
      );
    } else console.log(`First start: created the account "${server.bootstrap.login}" with the password from the admin password file.`);
  }
  console.log(`Desk server: ${server.url}`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: draining in-flight requests');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  const known = [ConfigError, InsecureBindError, DatabaseFromFutureError, MigrationError, AdminPasswordError, DataDirLockedError].some((E) => err instanceof E);
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  if (!known) console.error(err);
  process.exit(known ? 2 : 1);
});
