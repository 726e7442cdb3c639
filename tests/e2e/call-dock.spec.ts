/**
 * Issue 11, items 1–2 in Chromium through the SIP rig: a call taken on «Идентификация» stays on
 * screen as the call dock on «Заявки» (hold, hang-up, wrap-up from there), a ticket made during the
 * call for an unverified contract asks why and keeps the reason in its history, and the call
 * record lists the ticket with what the operator saw.
 */
import { describeSipp, type SippHandle } from '../sip-rig/sippRunner';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { expect, MEDIA_LAUNCH_ARGS, ringFrom, setUpPhone, test } from './helpers/softphone';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: MEDIA_LAUNCH_ARGS }, viewport: { width: 1280, height: 800 } });

test('the call dock follows the operator to «Заявки»; an unverified contract needs a reason, kept in the ticket history and on the call record', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await setUpPhone(page, rig);
  await page.getByTestId('tab-identification').click();
  const topbarTop = (await page.getByTestId('topbar-profile').boundingBox())?.y ?? -1;

  let sipp: SippHandle | null = null;
  try {
    const ring = await ringFrom(page, rig, '+79039691445', 'Иванов', { timeoutS: 90 });
    sipp = ring.sipp;
    const incoming = ring.incoming;
    // On «Идентификация» the call panel is there; the dock is not (no double controls).
    await expect(page.getByTestId('call-dock')).toHaveCount(0);
    await incoming.getByTestId('call-answer').click();
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await sipp.waitForLog(/ACK-SENT/);

    // «Заявки»: the dock shows the call — formatted number, contract, not verified, verdict, timer.
    await page.keyboard.press('Alt+5');
    const dock = page.getByTestId('call-dock');
    await expect(dock).toBeVisible();
    await expect(dock.getByTestId('call-number')).toHaveText('+7 903 969-14-45');
    await expect(dock.getByTestId('call-contract')).toContainText('Д-000001');
    await expect(dock.getByTestId('call-contract')).toHaveAttribute('data-verified', 'false');
    await expect(dock.getByTestId('dock-verdict')).toHaveAttribute('data-level', 'ok');
    await expect(dock.getByTestId('talk-timer')).toHaveText(/00:0\d/);
    // 1280×800: the dock sits between the tabs and the panel, covers nothing, moves no top bar.
    const dockBox = await dock.boundingBox();
    const panelBox = await page.locator('#panel-tickets').boundingBox();
    expect(dockBox && panelBox && dockBox.y + dockBox.height <= panelBox.y + 1).toBe(true);
    expect((await page.getByTestId('topbar-profile').boundingBox())?.y).toBe(topbarTop);
    await page.screenshot({ path: 'test-results/call-dock-tickets.png' });

    // Hold and resume from the dock.
    await dock.getByTestId('call-hold').click();
    await expect(dock.getByTestId('call-held')).toBeVisible();
    await sipp.waitForLog(/REINVITE a=sendonly/);
    await dock.getByTestId('call-swap').click();
    await expect(dock.getByTestId('dock-line')).toHaveAttribute('data-state', 'active');
    await sipp.waitForLog(/REINVITE a=sendrecv/);

    // A ticket during the call: the contract comes from the call; not verified → a reason is demanded.
    await page.getByTestId('ticket-new').click();
    const form = page.getByTestId('ticket-new-form');
    await expect(form.getByTestId('new-contract')).toHaveValue('Д-000001');
    await form.getByTestId('new-subject').fill('Нет интернета с утра');
    const verdict = form.getByTestId('new-verdict');
    await expect(verdict).toContainText('договор не проверен');
    await expect(form.getByTestId('new-save')).toBeDisabled();
    await form.getByTestId('new-verdict-reason').fill('абонент не помнит номер договора, адрес назвал верно');
    await expect(form.getByTestId('new-save')).toBeEnabled();
    await form.getByTestId('new-save').click();
    const detail = page.getByTestId('ticket-detail');
    await expect(detail).toBeVisible();
    const number = ((await detail.getByTestId('ticket-number').textContent()) ?? '').replace('№', '').trim();
    expect(number).toMatch(/^\d+-\d{4}$/);
    const override = detail.locator('[data-testid="history-item"][data-kind="verdict-override"]');
    await expect(override).toContainText('Оформлено без пройденной проверки');
    await expect(override).toContainText('абонент не помнит номер договора, адрес назвал верно');
    // The dock is still there, on the same call.
    await expect(dock.getByTestId('dock-line')).toBeVisible();

    // Hang up and wrap up from the dock.
    await dock.getByTestId('call-hangup').click();
    const res = await sipp.waitExit(10_000);
    expect(res.exitCode, describeSipp(res)).toBe(0);
    await expect(dock.getByTestId('wrapup-form')).toBeVisible();
    await dock.getByTestId('wrapup-code').selectOption('solved');
    await dock.getByTestId('wrapup-save').click();
    await expect(page.getByTestId('call-dock')).toHaveCount(0);

    // The call record lists the ticket and what the operator saw at the decision.
    await page.keyboard.press('Alt+4');
    const row = page.getByTestId('call-log-row').first();
    await expect(row.locator('[data-col="contract"]')).toContainText('Д-000001');
    await row.getByTestId('call-log-details').click();
    const record = page.getByTestId('call-record');
    await expect(record.getByTestId('call-record-created')).toContainText(number);
    const decisions = record.getByTestId('call-record-decisions');
    await expect(decisions).toContainText('договор не проверен');
    await expect(decisions).toContainText('абонент не помнит номер договора');
    await page.screenshot({ path: 'test-results/call-dock-record.png' });
  } finally {
    if (sipp) await sipp.kill();
  }
});
