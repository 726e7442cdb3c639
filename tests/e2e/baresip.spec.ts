/**
 * Interop with a softphone nobody here wrote: Debian's baresip (tests/sip-rig/baresip.ts) on the
 * rig's UDP side, the console in Chromium on its WebSocket side, rtpengine between them. Calls
 * both ways with audio, hold/resume, DTMF both ways with every digit checked at the far end.
 */
import { startBaresip, type Baresip } from '../sip-rig/baresip';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { expect, MEDIA_LAUNCH_ARGS, mediaStats, OPERATOR, setUpPhone, test } from './helpers/softphone';
import type { Page } from '@playwright/test';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: MEDIA_LAUNCH_ARGS } });

const DIGITS = '0123456789*#';

async function ready(page: Page, url: string, rig: Parameters<typeof setUpPhone>[1]): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await setUpPhone(page, rig);
  await expect(page.getByTestId('phone-mic')).toContainText('готов');
  await page.getByTestId('tab-identification').click();
}

const received = async (page: Page): Promise<number> => (await mediaStats(page))[0]?.packetsReceived ?? 0;

/**
 * The console sends every digit from its pad; baresip must report each one (CALL_DTMF_START), in
 * order. With opus this fails over RFC 4733 with only 8 kHz events negotiated (src-main/softphone/sdh.ts).
 */
async function dtmfToBaresip(page: Page, far: Baresip): Promise<void> {
  const since = far.events.length;
  await page.getByTestId('call-dtmf').click();
  for (const d of DIGITS) {
    await page.getByTestId('dtmf-pad').locator(`[data-key="${d}"]`).click();
    await far.waitEvent((e) => e.type === 'CALL_DTMF_START' && e.param === d, { since, timeoutMs: 5_000 });
  }
  const got = far.events
    .slice(since)
    .filter((e) => e.type === 'CALL_DTMF_START')
    .map((e) => e.param)
    .join('');
  expect(got).toBe(DIGITS);
  await page.getByTestId('call-dtmf').click();
}

for (const codec of ['opus/48000/2', 'PCMA'] as const) {
  test(`baresip (${codec}) calls the console: it rings, the operator answers, audio both ways, hold/resume, every DTMF digit both ways`, async ({
    page,
    host,
    rig,
  }) => {
    test.setTimeout(150_000);
    await ready(page, host.url, rig);
    const far = await startBaresip({ pbxPort: rig.udpPort, user: '2001', codecs: [codec] });
    try {
      await far.command('dial', `sip:${OPERATOR.user}@127.0.0.1:${rig.udpPort}`);
      const incoming = page.getByTestId('call-incoming');
      await expect(incoming).toBeVisible({ timeout: 15_000 });
      await incoming.getByTestId('call-answer').click();
      await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
      await far.waitEvent((e) => e.type === 'CALL_ESTABLISHED');
      await expect.poll(() => received(page), { timeout: 10_000 }).toBeGreaterThan(50);
      await expect.poll(async () => (await mediaStats(page))[0]?.packetsSent ?? 0, { timeout: 10_000 }).toBeGreaterThan(50);
      expect((await mediaStats(page))[0]?.codec?.toLowerCase()).toContain(codec.split('/')[0]?.toLowerCase());

      // Hold and resume from the console; audio comes back after the resume.
      await page.getByTestId('call-hold').click();
      await expect(page.getByTestId('call-held')).toBeVisible();
      await page.getByTestId('call-swap').click();
      await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
      const before = await received(page);
      await expect.poll(() => received(page), { timeout: 10_000 }).toBeGreaterThan(before + 25);

      await dtmfToBaresip(page, far);

      // baresip → console: every digit reaches the console's leg (rtpengine logs the RFC 4733
      // events it forwards; the browser exposes no received DTMF).
      const seen = rig.rtpengine?.dtmf().length ?? 0;
      await far.command('sndcode', DIGITS);
      await expect
        .poll(
          () =>
            (rig.rtpengine?.dtmf() ?? [])
              .slice(seen)
              .map((e) => DIGITS[Number(e.event)] ?? '?')
              .join(''),
          { timeout: 10_000 },
        )
        .toBe(DIGITS);

      const closed = far.events.length;
      await far.command('hangup');
      await expect(page.getByTestId('call-active')).toHaveCount(0);
      await far.waitEvent((e) => e.type === 'CALL_CLOSED', { since: closed });
    } finally {
      await far.stop();
    }
  });
}

test('the console calls baresip (opus): it answers, audio both ways, every DTMF digit arrives, the console hangs up', async ({ page, host, rig }) => {
  test.setTimeout(120_000);
  await ready(page, host.url, rig);
  const far = await startBaresip({ pbxPort: rig.udpPort, user: '2001', codecs: ['opus/48000/2'], autoAnswer: true });
  try {
    await page.getByTestId('dial-input').fill('2001');
    await page.getByTestId('dial-input').press('Enter');
    await far.waitEvent((e) => e.type === 'CALL_ESTABLISHED', { timeoutMs: 15_000 });
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await expect.poll(() => received(page), { timeout: 10_000 }).toBeGreaterThan(50);
    await expect.poll(async () => (await mediaStats(page))[0]?.packetsSent ?? 0, { timeout: 10_000 }).toBeGreaterThan(50);
    await dtmfToBaresip(page, far);
    await page.keyboard.press('Control+Shift+E');
    await far.waitEvent((e) => e.type === 'CALL_CLOSED');
  } finally {
    await far.stop();
  }
});

test('blind transfer with baresip as the transferee: it dials the Refer-To (the PBX with its port), reports 200 by NOTIFY, the operator sees «Перевод выполнен»', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(150_000);
  await ready(page, host.url, rig);
  const caller = await startBaresip({ pbxPort: rig.udpPort, user: '2001', codecs: ['PCMA'] });
  const colleague = await startBaresip({ pbxPort: rig.udpPort, user: '2002', codecs: ['PCMA'], autoAnswer: true }).catch(async (err: unknown) => {
    await caller.stop();
    throw err;
  });
  try {
    await caller.command('dial', `sip:${OPERATOR.user}@127.0.0.1:${rig.udpPort}`);
    await page.getByTestId('call-incoming').getByTestId('call-answer').click({ timeout: 15_000 });
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await caller.waitEvent((e) => e.type === 'CALL_ESTABLISHED');
    await page.getByTestId('call-transfer').click();
    await page.getByTestId('transfer-target').fill('2002');
    await page.getByTestId('transfer-target').press('Enter');
    // baresip calls sip:2002@127.0.0.1:<PBX port>; without the port it would dial 5060 and fail.
    await colleague.waitEvent((e) => e.type === 'CALL_ESTABLISHED', { timeoutMs: 15_000 });
    await expect(page.getByTestId('call-active')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByTestId('wrapup-form').getByTestId('transfer-result')).toHaveText('Перевод выполнен');
    await page.getByTestId('wrapup-skip').click();
  } finally {
    await caller.stop();
    await colleague.stop();
  }
});
