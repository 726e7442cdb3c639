/**
 * Softphone e2e fixtures: the project's loopback PBX with media (tests/sip-rig: Kamailio +
 * rtpengine on free ports, stopped by process group), a console host with the demo directory
 * (Д-000001 on +7 903 969-14-45), Chromium with fake audio devices, and page steps to set up the
 * account through the Settings UI and read the media engine's RTP counters.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test as base } from './fixture';
import { startRig, type Rig, type RigUser } from '../../sip-rig/rig';
import { startSipp, type SippHandle } from '../../sip-rig/sippRunner';
import { formatPhone } from '../../../src-shared/domain/phone';
import { startHost, type RunningHost } from './host';
import { CHROMIUM_MEDIA_ARGS } from '../../helpers/chromium';

export const OPERATOR: RigUser = { user: '1001', password: 'секрет-1001' };

/** Chromium for WebRTC on loopback: the shared media flags. */
export const MEDIA_LAUNCH_ARGS = CHROMIUM_MEDIA_ARGS;

export const test = base.extend<{ rig: Rig; host: RunningHost }>({
  rig: async ({}, use) => {
    const rig = await startRig({ media: true, auth: [OPERATOR] });
    try {
      await use(rig);
    } finally {
      await rig.stop();
    }
  },
  host: async ({}, use) => {
    const host = await startHost({ demo: true });
    try {
      await use(host);
    } finally {
      await host.stop();
    }
  },
});
export { expect };

/** Settings → «Телефония»: the account of the rig's operator, saved and connected. */
export async function setUpPhone(page: Page, rig: Rig, user: RigUser = OPERATOR): Promise<void> {
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('phone-wsUri').fill(rig.wsUri);
  await page.getByTestId('phone-sipUri').fill(`sip:${user.user}@${rig.domain}`);
  await page.getByTestId('phone-authUser').fill(user.user);
  await page.getByTestId('phone-password').fill(user.password);
  await page.getByTestId('phone-displayName').fill('Оператор Смирнова');
  await page.getByTestId('phone-save').click();
  await expect(page.getByTestId('phone-saved')).toBeVisible();
  // The password field is write-only: empty again, «сохранён» as its placeholder.
  await expect(page.getByTestId('phone-password')).toHaveValue('');
  await expect(page.getByTestId('phone-password')).toHaveAttribute('placeholder', /сохранён/);
  // Saving an account connects it (the host registers at once); «Отключить» is offered then.
  await expect(page.getByTestId('sip-status').first()).toHaveAttribute('data-state', 'registered', { timeout: 10_000 });
  await expect(page.getByTestId('phone-unregister')).toBeVisible();
}

export type PageMediaStats = {
  callId: string | null;
  packetsReceived: number;
  bytesReceived: number;
  packetsSent: number;
  bytesSent: number;
  audioLevel: number | null;
  codec: string | null;
  connectionState: string;
};

/** getStats() of the media engine's peer connections (window.consoleMedia, src-renderer/media). */
export function mediaStats(page: Page): Promise<PageMediaStats[]> {
  return page.evaluate(async () => {
    const m = window.consoleMedia;
    if (!m) throw new Error('the media engine is not running');
    return (await m.stats()).map((s) => ({ ...s }));
  });
}

/** Whether the ring tone is sounding in the page (the media engine's ringer). */
export function ringing(page: Page): Promise<boolean> {
  return page.evaluate(() => window.consoleMedia?.ringing() ?? false);
}

/**
 * R-CALL-15 is a desk-profile setting: tests shorten it (warn at 0:02, offer at 0:04) through
 * Настройки instead of waiting 15 minutes; the offer then comes through the same host path.
 */
export async function shortenDeskCallLimit(page: Page): Promise<void> {
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('profile-call-warn').fill('00:02');
  await page.getByTestId('profile-call-limit').fill('00:04');
  await page.getByTestId('profile-save').click();
  await expect(page.getByTestId('profile-saved')).toBeVisible();
}

export type Ringing = {
  /** The caller: sipp with real RTP (uac-media.xml), answering the console's BYE or sending its own. */
  readonly sipp: SippHandle;
  /** The ringing line of this caller in the call panel (its answer button, number, candidates). */
  readonly incoming: Locator;
};

/**
 * A customer calls the operator through the rig: sipp dials OPERATOR from `number` (E.164) with
 * display name `name`, and the console shows the call ringing. If it never rings, sipp is ended
 * here (the caller's finally has no handle yet); otherwise the caller kills it in its finally.
 */
export async function ringFrom(page: Page, rig: Rig, number: string, name: string, opts: { readonly timeoutS?: number } = {}): Promise<Ringing> {
  const sipp = await startSipp({
    scenario: 'uac-media.xml',
    remote: `127.0.0.1:${rig.udpPort}`,
    service: OPERATOR.user,
    keys: { callerid: number, callername: name },
    timeoutS: opts.timeoutS ?? 60,
  });
  const incoming = page.getByTestId('call-incoming').filter({ hasText: formatPhone(number) });
  try {
    await expect(incoming).toBeVisible();
  } catch (err) {
    await sipp.kill();
    throw err;
  }
  return { sipp, incoming };
}
