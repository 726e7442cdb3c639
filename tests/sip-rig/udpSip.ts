/**
 * Tiny SIP-over-UDP requests the rig sends itself: the OPTIONS readiness probe, and REGISTER of a
 * contact for a sipp UAS (`bindUser`), so a far end can be reached by name (2002) or as the
 * "trunk" for dialled numbers without running an extra sipp just to register.
 */
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

export class SipUdpError extends Error {
  override readonly name = 'SipUdpError';
}

type Build = (localPort: number, branch: string) => string;

/**
 * Sends a request to 127.0.0.1:`port`, retransmitting every `retransmitMs`, and resolves with the
 * status code of the first final response (>= 200). Rejects after `timeoutMs`.
 */
export function udpRequest(port: number, build: Build, timeoutMs = 1000, retransmitMs = 100): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    const branch = `z9hG4bK-rig-${randomBytes(6).toString('hex')}`;
    let timer: NodeJS.Timeout | undefined;
    let msg = '';
    const finish = (err: Error | null, code = 0): void => {
      clearTimeout(deadline);
      clearTimeout(timer);
      sock.close();
      if (err) reject(err);
      else resolve(code);
    };
    const deadline = setTimeout(() => finish(new SipUdpError(`no final SIP response from udp ${port} in ${timeoutMs} ms`)), timeoutMs);
    sock.on('error', (err) => finish(err));
    sock.on('message', (m) => {
      const first = /^SIP\/2\.0 (\d{3})/.exec(m.toString('latin1'));
      const code = first ? Number(first[1]) : 0;
      if (code >= 200) finish(null, code);
    });
    const send = (): void => {
      sock.send(msg, port, '127.0.0.1');
      timer = setTimeout(send, retransmitMs);
    };
    sock.bind(0, '127.0.0.1', () => {
      msg = build(sock.address().port, branch);
      send();
    });
  });
}

const crlf = (lines: readonly string[]): string => `${lines.join('\r\n')}\r\n\r\n`;
const tag = (): string => randomBytes(4).toString('hex');

export function optionsPing(port: number, timeoutMs = 300): Promise<number> {
  return udpRequest(
    port,
    (lp, branch) =>
      crlf([
        `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${lp};branch=${branch};rport`,
        `From: <sip:probe@127.0.0.1>;tag=${tag()}`,
        `To: <sip:127.0.0.1:${port}>`,
        `Call-ID: probe-${tag()}@127.0.0.1`,
        'CSeq: 1 OPTIONS',
        'Max-Forwards: 10',
        'Content-Length: 0',
      ]),
    timeoutMs,
  );
}

/** REGISTERs sip:`user`@127.0.0.1 with Contact 127.0.0.1:`contactPort` (UDP is trusted by the rig). */
export async function registerContact(registrarPort: number, user: string, contactPort: number, expires = 3600): Promise<void> {
  const code = await udpRequest(
    registrarPort,
    (lp, branch) =>
      crlf([
        'REGISTER sip:127.0.0.1 SIP/2.0',
        `Via: SIP/2.0/UDP 127.0.0.1:${lp};branch=${branch};rport`,
        `From: <sip:${user}@127.0.0.1>;tag=${tag()}`,
        `To: <sip:${user}@127.0.0.1>`,
        `Call-ID: reg-${tag()}@127.0.0.1`,
        'CSeq: 1 REGISTER',
        `Contact: <sip:${user}@127.0.0.1:${contactPort}>`,
        `Expires: ${expires}`,
        'Max-Forwards: 70',
        'Content-Length: 0',
      ]),
    2000,
    200,
  );
  if (code !== 200) throw new SipUdpError(`REGISTER ${user} -> 127.0.0.1:${contactPort} answered ${code}`);
}
