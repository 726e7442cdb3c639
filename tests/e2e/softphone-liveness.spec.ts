/**
 * A frozen PBX on the operator's screen (browser mode, Chromium): Kamailio SIGSTOPped mid-call
 * turns the status line into «АТС не отвечает» and marks the live call at risk in the call panel;
 * when the PBX runs again both go back to normal and the call goes on.
 */
import type { SippHandle } from '../sip-rig/sippRunner';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { expect, MEDIA_LAUNCH_ARGS, ringFrom, setUpPhone, test } from './helpers/softphone';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: MEDIA_LAUNCH_ARGS } });

test('PBX frozen mid-call: «АТС не отвечает» in the status line and on the call; back to normal when it runs again', async ({ page, host, rig }) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await setUpPhone(page, rig);
  await page.getByTestId('tab-identification').click();

  let sipp: SippHandle | null = null;
  try {
    const ring = await ringFrom(page, rig, '+79039691445', 'Caller');
    sipp = ring.sipp;
    const incoming = ring.incoming;
    await incoming.getByTestId('call-answer').click();
    const active = page.getByTestId('call-active');
    await expect(active).toHaveAttribute('data-state', 'active');
    await sipp.waitForLog(/ACK-SENT/);
    await expect(active.getByTestId('call-at-risk')).toHaveCount(0);

    rig.freeze();
    const status = page.getByTestId('sip-status').first();
    await expect(status).toHaveAttribute('data-state', 'unresponsive', { timeout: 10_000 });
    await expect(status).toContainText('АТС не отвечает');
    await expect(active.getByTestId('call-at-risk')).toContainText('АТС не отвечает');
    await page.screenshot({ path: 'test-results/softphone-pbx-frozen.png' });

    rig.thaw();
    await expect(status).toHaveAttribute('data-state', 'registered', { timeout: 10_000 });
    await expect(active.getByTestId('call-at-risk')).toHaveCount(0);
    await expect(active).toHaveAttribute('data-state', 'active');
    await active.getByTestId('call-hangup').click();
    await expect(page.getByTestId('call-active')).toHaveCount(0);
  } finally {
    rig.thaw();
    await sipp?.kill();
  }
});
