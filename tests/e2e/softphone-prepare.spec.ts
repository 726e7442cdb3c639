/**
 * The answer prepared while it rings (issue 11 item 5), in Chromium with the real media engine,
 * Kamailio + rtpengine and sipp with RTP: the peer connection and the call's microphone track
 * exist while it rings, nothing is sent or connected before the click, and every one of them is
 * gone when the call stops ringing unanswered (no leaked peer connection or microphone track).
 */
import { startSipp, describeSipp, type SippHandle } from '../sip-rig/sippRunner';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { expect, MEDIA_LAUNCH_ARGS, mediaStats, OPERATOR, ringFrom, setUpPhone, test } from './helpers/softphone';
import type { Page } from '@playwright/test';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: MEDIA_LAUNCH_ARGS } });

const openMedia = (page: Page) =>
  page.evaluate(() => {
    const m = window.consoleMedia;
    if (!m) throw new Error('the media engine is not running');
    return m.open();
  });

test('a ringing call is prepared (peer connection + microphone track) but sends nothing; the caller giving up releases both', async ({ page, host, rig }) => {
  test.setTimeout(60_000);
  await page.goto(host.url);
  await setUpPhone(page, rig);
  await expect(page.getByTestId('phone-mic')).toContainText('готов');
  await page.getByTestId('tab-identification').click();
  await expect(page.getByTestId('call-idle')).toBeVisible();

  let sipp: SippHandle | null = null;
  try {
    sipp = await startSipp({ scenario: 'uac-cancel.xml', remote: `127.0.0.1:${rig.udpPort}`, service: OPERATOR.user, pauseMs: 6000, timeoutS: 30 });
    await expect(page.getByTestId('call-incoming')).toBeVisible();
    await expect.poll(() => openMedia(page)).toEqual({ sessions: 1, liveTracks: 1 });
    // Until the caller gives up: the prepared connection never connects and never sends a packet.
    const seen = new Set<string>();
    let sent = 0;
    await expect
      .poll(
        async () => {
          for (const s of await mediaStats(page)) {
            seen.add(s.connectionState);
            sent = Math.max(sent, s.packetsSent);
          }
          return page.getByTestId('call-incoming').count();
        },
        { timeout: 15_000 },
      )
      .toBe(0);
    expect([...seen]).toEqual(['new']);
    expect(sent).toBe(0);
    await expect.poll(() => openMedia(page)).toEqual({ sessions: 0, liveTracks: 0 });
    // The device itself stays warm for the next call, and the indicator says so.
    await expect(page.getByTestId('phone-mic')).toContainText('готов');
    const res = await sipp.waitExit(10_000);
    expect(res.exitCode, describeSipp(res)).toBe(0);
  } finally {
    await sipp?.kill();
  }
});

test('two calls ringing: the answered one talks both ways on its prepared connection, the other is released when its caller gives up', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await setUpPhone(page, rig);
  await page.getByTestId('tab-identification').click();
  await expect(page.getByTestId('call-idle')).toBeVisible();

  const handles: SippHandle[] = [];
  try {
    const first = (await ringFrom(page, rig, '+79039691445', 'Иванов', { timeoutS: 40 })).sipp;
    handles.push(first);
    await expect(page.getByTestId('call-incoming')).toHaveCount(1);
    const second = await startSipp({
      scenario: 'uac-cancel.xml',
      remote: `127.0.0.1:${rig.udpPort}`,
      service: OPERATOR.user,
      pauseMs: 10000,
      keys: { callerid: '+74951234567', callername: 'Второй' },
      timeoutS: 30,
    });
    handles.push(second);
    await expect(page.getByTestId('call-incoming')).toHaveCount(2);
    // One preparation per ringing line (a preparation the engine is too slow for is dropped by
    // the host after its timeouts and the answer takes the normal path: never more than two).
    await expect.poll(async () => (await openMedia(page)).sessions).toBeGreaterThanOrEqual(1);
    expect((await openMedia(page)).sessions).toBeLessThanOrEqual(2);

    const firstCall = page.getByTestId('call-incoming').filter({ hasText: '+7 903 969-14-45' });
    await firstCall.getByTestId('call-answer').click();
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await expect
      .poll(async () => (await mediaStats(page)).find((s) => s.connectionState === 'connected')?.packetsReceived ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(50);
    const talking = (await mediaStats(page)).find((s) => s.connectionState === 'connected');
    expect(talking?.packetsSent).toBeGreaterThan(20);

    // The second caller gives up: its preparation goes, the call being talked keeps its own.
    const res = await second.waitExit(15_000);
    expect(res.exitCode, describeSipp(res)).toBe(0);
    await expect.poll(() => openMedia(page)).toEqual({ sessions: 1, liveTracks: 1 });

    await page.getByTestId('call-active').getByTestId('call-hangup').click();
    await expect.poll(() => openMedia(page)).toEqual({ sessions: 0, liveTracks: 0 });
  } finally {
    for (const h of handles) await h.kill();
  }
});
