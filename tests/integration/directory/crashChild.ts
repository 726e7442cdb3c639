/**
 * A directory import in its own process, for the crashed-import test: the test SIGKILLs this
 * process while the import is filling its staging tables.
 *
 *   node --import tsx crashChild.ts <dataDir> <csv>
 * Prints "rows N" on every progress event; never finishes on purpose if it is killed in time.
 */
import { join } from 'node:path';
import pino from 'pino';
import { openDatabase } from '../../../src-main/db/open';
import { createDirectoryImporter } from '../../../src-main/directory/importer';

const [dataDir, csv] = process.argv.slice(2);
if (!dataDir || !csv) {
  process.stderr.write('usage: crashChild.ts <dataDir> <csv>\n');
  process.exit(2);
}
const db = openDatabase(join(dataDir, 'console.db'));
const importer = createDirectoryImporter({ db, log: pino({ level: 'silent' }) });
await importer.importFile({
  path: csv,
  encoding: 'auto',
  skipBadRows: false,
  reportDir: join(dataDir, 'import-reports'),
  onProgress: (p) => process.stdout.write(`rows ${p.rows}\n`),
});
process.stdout.write('finished\n');
