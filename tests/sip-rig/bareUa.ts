/**
 * A bare sip.js 0.21 UserAgent over `ws` with a signaling-only SessionDescriptionHandler: no host,
 * no database, no events. Two uses: the rig's own self-check over WebSocket (selfcheck.ts), and
 * the floor of bench:calls (the fastest this machine can answer an INVITE with sip.js).
 */
import { WebSocket as WsWebSocket } from 'ws';
import {
  Invitation,
  Registerer,
  RegistererState,
  UserAgent,
  type BodyAndContentType,
  type SessionDescriptionHandler,
  type SessionDescriptionHandlerOptions,
} from 'sip.js';

export class BareUaError extends Error {
  override readonly name = 'BareUaError';
}

/** Node 22 has an undici WebSocket global that sip.js would silently use: replace it (sdh-bridge pitfall 1). */
export function useWsForSipJs(): void {
  (globalThis as { WebSocket: unknown }).WebSocket = WsWebSocket;
}

let sdpVersion = 1;
function nullSdp(direction: string): string {
  return [
    'v=0',
    `o=- ${Math.floor(Math.random() * 1e9)} ${sdpVersion++} IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 9 RTP/AVP 8 0 101',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    `a=${direction}`,
    '',
  ].join('\r\n');
}

const MIRROR: Record<string, string> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };

/** Produces and consumes SDP text only; answers mirror the offer's direction. */
class NullSdh implements SessionDescriptionHandler {
  private pendingOffer: string | null = null;
  private awaitingAnswer = false;
  close(): void {
    this.pendingOffer = null;
  }
  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }
  getDescription(options?: SessionDescriptionHandlerOptions & { hold?: boolean }): Promise<BodyAndContentType> {
    let direction: string;
    if (this.pendingOffer !== null) {
      const offered = /a=(sendrecv|sendonly|recvonly|inactive)/.exec(this.pendingOffer)?.[1] ?? 'sendrecv';
      direction = MIRROR[offered] ?? 'sendrecv';
      this.pendingOffer = null;
    } else {
      direction = options?.hold ? 'sendonly' : 'sendrecv';
      this.awaitingAnswer = true;
    }
    return Promise.resolve({ body: nullSdp(direction), contentType: 'application/sdp' });
  }
  setDescription(sdp: string): Promise<void> {
    if (this.awaitingAnswer) this.awaitingAnswer = false;
    else this.pendingOffer = sdp;
    return Promise.resolve();
  }
  rollbackDescription(): Promise<void> {
    this.pendingOffer = null;
    this.awaitingAnswer = false;
    return Promise.resolve();
  }
  sendDtmf(): boolean {
    return false;
  }
}

export type BareUa = {
  readonly ua: UserAgent;
  readonly registerer: Registerer;
  stop(): Promise<void>;
};

export type BareUaOptions = {
  readonly wsUri: string;
  readonly user: string;
  readonly domain?: string;
  readonly password?: string;
  readonly onInvite?: (invitation: Invitation) => void;
};

/** Starts the UA, REGISTERs and resolves once registered (rejects on a final error or in 5 s). */
export async function startBareUa(o: BareUaOptions): Promise<BareUa> {
  useWsForSipJs();
  const domain = o.domain ?? '127.0.0.1';
  const uri = UserAgent.makeURI(`sip:${o.user}@${domain}`);
  if (!uri) throw new BareUaError(`bad SIP URI for ${o.user}`);
  const ua = new UserAgent({
    uri,
    transportOptions: { server: o.wsUri },
    authorizationUsername: o.password ? o.user : undefined,
    authorizationPassword: o.password,
    logLevel: 'error',
    logBuiltinEnabled: false,
    sessionDescriptionHandlerFactory: () => new NullSdh(),
    delegate: { onInvite: (inv) => o.onInvite?.(inv) },
  });
  await ua.start();
  const registerer = new Registerer(ua, { expires: 300 });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BareUaError(`REGISTER ${o.user}: no answer in 5 s`)), 5000);
    registerer.stateChange.addListener((s) => {
      if (s === RegistererState.Registered) {
        clearTimeout(timer);
        resolve();
      }
    });
    registerer
      .register({
        requestDelegate: {
          onReject: (r) => {
            clearTimeout(timer);
            reject(new BareUaError(`REGISTER ${o.user} rejected ${r.message.statusCode}`));
          },
        },
      })
      .catch((err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new BareUaError(String(err)));
      });
  });
  return {
    ua,
    registerer,
    async stop() {
      await registerer.unregister().catch((err: unknown) => {
        // Unregistering a UA whose transport is already gone fails; stopping still cleans up.
        if (!(err instanceof Error)) throw err;
      });
      await ua.stop();
    },
  };
}
