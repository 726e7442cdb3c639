/**
 * Free loopback ports for the SIP rig, chosen at run time (never fixed numbers: test files run in
 * parallel and a developer may run a real PBX on 5060), and the checks that a stopped process has
 * really let go of its ports (sip-rig pitfall 3: Kamailio's children outlive its main PID).
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const HOST = '127.0.0.1';

export class PortsBusyError extends Error {
  override readonly name = 'PortsBusyError';
}

function errnoCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err ? String((err as NodeJS.ErrnoException).code) : undefined;
}

/** Binds UDP `port` (0 = any) on loopback; resolves with the port bound, or null when it is taken. */
function tryUdp(port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', (err) => {
      s.close();
      if (errnoCode(err) === 'EADDRINUSE') resolve(null);
      else reject(err);
    });
    s.bind(port, HOST, () => {
      const bound = s.address().port;
      s.close(() => resolve(bound));
    });
  });
}

/** Listens on TCP `port` (0 = any) on loopback; resolves with the port, or null when it is taken. */
function tryTcp(port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (err) => {
      if (errnoCode(err) === 'EADDRINUSE') resolve(null);
      else reject(err);
    });
    srv.listen({ port, host: HOST, exclusive: true }, () => {
      const addr = srv.address();
      const bound = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(bound));
    });
  });
}

export const isUdpFree = async (port: number): Promise<boolean> => (await tryUdp(port)) !== null;
export const isTcpFree = async (port: number): Promise<boolean> => (await tryTcp(port)) !== null;

/** A UDP port the kernel just handed out on loopback (free at that instant). */
export async function freeUdpPort(): Promise<number> {
  const p = await tryUdp(0);
  if (p === null) throw new PortsBusyError('no free UDP port on 127.0.0.1');
  return p;
}

/** A TCP port free at that instant, whose UDP twin is free too (so either protocol can use it). */
export async function freeTcpPort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await tryTcp(0);
    if (p !== null && (await isUdpFree(p))) return p;
  }
  throw new PortsBusyError('no free TCP port on 127.0.0.1');
}

/** `count` consecutive free UDP ports starting at an even number (RTP/RTCP pairs for sipp -mp). */
export async function freeUdpRange(count: number): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const base = 20_000 + 2 * Math.floor(Math.random() * 15_000);
    let ok = true;
    for (let p = base; p < base + count && ok; p++) ok = await isUdpFree(p);
    if (ok) return base;
  }
  throw new PortsBusyError(`no ${count} consecutive free UDP ports on 127.0.0.1`);
}

export type PortSpec = { readonly udp?: readonly number[]; readonly tcp?: readonly number[] };

/** Polls until every listed port can be bound again; throws after `timeoutMs`. */
export async function waitPortsFree(spec: PortSpec, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy: string[] = [];
    for (const p of spec.udp ?? []) if (!(await isUdpFree(p))) busy.push(`udp ${p}`);
    for (const p of spec.tcp ?? []) if (!(await isTcpFree(p))) busy.push(`tcp ${p}`);
    if (busy.length === 0) return;
    if (Date.now() > deadline) throw new PortsBusyError(`still bound after ${timeoutMs} ms: ${busy.join(', ')}`);
    await sleep(25);
  }
}
