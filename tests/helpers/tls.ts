import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * A self-signed EC certificate and its key, made by Debian's openssl into `dir` (cert.pem,
 * key.pem), valid for a day for `subjectAltName` (loopback by default): what a desk admin without
 * a CA would use, and what the WSS/HTTPS tests trust explicitly.
 */
export function selfSignedCert(dir: string, subjectAltName = 'IP:127.0.0.1'): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('/usr/bin/openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    `subjectAltName=${subjectAltName}`,
  ]);
  return { cert, key };
}
