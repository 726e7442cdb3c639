/**
 * Password hashing with scrypt (node:crypto, RFC 7914). Parameters: N = 2^15, r = 8, p = 1,
 * 32-byte key, 16-byte random salt per user: 32 MiB of memory and roughly 50–100 ms of CPU per
 * hash on a desk server, which makes guessing offline from a stolen database slow while a sign-in
 * stays quick (OWASP's scrypt minimum is N = 2^17 with r = 8, p = 1 *or* equivalent cost; this
 * trades a little of that for servers shared with PostgreSQL). The parameters are stored with
 * each hash, so raising them later re-hashes nobody at once and still verifies old hashes.
 * Stored form: `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<key base64url>`.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const SCRYPT_PARAMS = { log2N: 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
export type ScryptParams = Readonly<{ log2N: number; r: number; p: number }>;
type Params = ScryptParams;

function scrypt(password: string, salt: Buffer, keyLength: number, p: Params): Promise<Buffer> {
  const N = 2 ** p.log2N;
  // Node refuses more than 32 MiB by default; scrypt needs 128·N·r bytes plus a little.
  const options: ScryptOptions = { N, r: p.r, p: p.p, maxmem: 256 * N * p.r };
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, params: Params = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SCRYPT_PARAMS.saltLength);
  const key = await scrypt(password, salt, SCRYPT_PARAMS.keyLength, params);
  return ['scrypt', params.log2N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

// Salt and key have exactly the lengths written: a cut key would otherwise verify as its own
// prefix (scrypt's output for a shorter length is a prefix of the longer one).
const STORED_RE = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

/** True when `password` matches `stored`; compares in constant time; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = STORED_RE.exec(stored);
  if (!m) return false;
  const params = { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.log2N < 10 || params.log2N > 22 || params.r < 1 || params.p < 1) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await scrypt(password, Buffer.from(m[4]!, 'base64url'), expected.length, params);
  return timingSafeEqual(key, expected);
}

/**
 * A hash of nothing anyone knows, verified when the login does not exist, so that answering
 * "wrong login or password" takes as long either way and does not reveal which logins exist.
 */
const decoys = new Map<string, Promise<string>>();
export function decoyHash(params: Params = SCRYPT_PARAMS): Promise<string> {
  const key = `${params.log2N}/${params.r}/${params.p}`;
  let decoy = decoys.get(key);
  if (!decoy) decoys.set(key, (decoy = hashPassword(randomBytes(18).toString('base64url'), params)));
  return decoy;
}
