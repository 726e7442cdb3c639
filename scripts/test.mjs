// `npm test`: every check the project has, in order: Debian packages, typecheck, lint, unit +
// integration (vitest, real SQLite files), e2e (Playwright in Debian Chromium against
// `npm run web`). Ends with one plain summary line "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
mkdirSync('test-results', { recursive: true });

/** Debian packages the suite needs, with the binary that proves each is there. */
const APT = [
  { pkg: 'chromium', bin: '/usr/bin/chromium' },
  // The softphone's loopback PBX (tests/sip-rig): Kamailio, its WebSocket module (its .so path is
  // per-architecture, so the package's copyright file proves it), sipp, rtpengine.
  { pkg: 'kamailio', bin: '/usr/sbin/kamailio' },
  { pkg: 'kamailio-websocket-modules', bin: '/usr/share/doc/kamailio-websocket-modules/copyright' },
  { pkg: 'sip-tester', bin: '/usr/bin/sipp' },
  { pkg: 'rtpengine-daemon', bin: '/usr/bin/rtpengine' },
  // An independent softphone on the rig for the interop e2e (tests/sip-rig/baresip.ts).
  { pkg: 'baresip', bin: '/usr/bin/baresip' },
  // The desk server's storage suite runs on a private PostgreSQL 15 cluster too (initdb/pg_ctl).
  { pkg: 'postgresql', bin: '/usr/lib/postgresql/15/bin/initdb' },
];

function run(label, cmd, args, opts = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' }, ...opts });
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`=== ${label}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${s} s`);
  return r.status === 0;
}

function ensureDebianPackages() {
  const missing = APT.filter((p) => !existsSync(p.bin)).map((p) => p.pkg);
  if (missing.length === 0) return true;
  const cmd = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`Missing Debian packages: ${missing.join(', ')}. Install them as root:\n  sudo sh -c '${cmd}'`);
    return false;
  }
  return run('apt', 'sh', ['-c', cmd]);
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [];
const step = (label, fn) => {
  const ok = fn();
  steps.push({ label, ok });
  return ok;
};

step('debian packages', ensureDebianPackages);
step('build renderer', () => run('build', process.execPath, ['scripts/build.mjs', '--renderer-only']));
step('typecheck', () => run('typecheck', 'npm', ['run', '--silent', 'typecheck']));
step('lint', () => run('lint', 'npm', ['run', '--silent', 'lint']));
step('unit + integration', () => run('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']));
step('e2e', () => run('playwright', bin('playwright'), ['test']));

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync('test-results/vitest.json')) {
  const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0) + (v.numFailedTestSuites ?? 0);
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync('test-results/e2e.json')) {
  const e = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));
  passed += e.stats?.expected ?? 0;
  failed += (e.stats?.unexpected ?? 0) + (e.stats?.flaky ?? 0);
  skipped += e.stats?.skipped ?? 0;
}
const stepFailures = steps.filter((s) => !s.ok);
console.log('\nSummary:');
for (const s of steps) console.log(`  ${s.ok ? 'ok    ' : 'FAILED'} ${s.label}`);
// A failed step that is not a test runner (typecheck, lint, packages) counts as one failure, so
// the closing line can never read "0 failed" on a red run.
const nonTestFailures = stepFailures.filter((s) => !['unit + integration', 'e2e'].includes(s.label)).length;
const runnerFailedWithoutCount = stepFailures.filter((s) => ['unit + integration', 'e2e'].includes(s.label)).length > 0 && failed === 0 ? 1 : 0;
failed += nonTestFailures + runnerFailedWithoutCount;
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(stepFailures.length === 0 ? 0 : 1);
