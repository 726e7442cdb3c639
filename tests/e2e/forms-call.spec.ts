/**
 * Issue 11 item 3 for the phone's own forms, through the SIP rig: the SIP account and the call
 * transfer target are checked in the renderer with the host's schemas, in Russian, the wrong field
 * focused; the corrected form goes through (the account registers, the transfer is sent).
 */
import { startSipp, describeSipp, type SippHandle } from '../sip-rig/sippRunner';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { englishOnPage } from './helpers/russianText';
import { expect, MEDIA_LAUNCH_ARGS, OPERATOR, setUpPhone, test } from './helpers/softphone';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: MEDIA_LAUNCH_ARGS }, viewport: { width: 1280, height: 800 } });

test('SIP account and transfer: a wrong address or target is named under its field in Russian and focused; corrected, they go through', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await expect(page.getByTestId('search-input')).toBeVisible();

  // Settings → «Телефония»: the developer's «expected sip:user@domain» never reaches the screen.
  await page.getByTestId('tab-settings').click();
  const account = page.getByTestId('phone-form');
  for (const name of ['wsUri', 'sipUri', 'authUser']) await expect(account.getByTestId(`required-${name}`)).toBeVisible();
  await expect(account.getByTestId('phone-displayName')).not.toHaveAttribute('aria-required', 'true');
  await account.getByTestId('phone-wsUri').fill(rig.wsUri);
  await account.getByTestId('phone-sipUri').fill(OPERATOR.user);
  await account.getByTestId('phone-save').click();
  await expect(account.getByTestId('issue-sipUri')).toHaveText('Введите SIP-адрес вида sip:1001@pbx.example.ru');
  await expect(account.getByTestId('issue-authUser')).toHaveText('Обязательное поле');
  await expect(account.getByTestId('issue-wsUri')).toHaveCount(0);
  await expect(account.getByTestId('phone-sipUri')).toBeFocused();
  await expect(account.getByTestId('phone-sipUri')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('phone-saved')).toHaveCount(0);
  expect(await englishOnPage(page)).toEqual([]);
  await setUpPhone(page, rig); // the same form, filled in: saved and registered

  await page.getByTestId('tab-identification').click();
  let sipp: SippHandle | null = null;
  try {
    sipp = await startSipp({
      scenario: 'uac-transferee-fails.xml',
      remote: `127.0.0.1:${rig.udpPort}`,
      service: OPERATOR.user,
      keys: { callerid: '+79039691445', callername: 'Иванов' },
      timeoutS: 60,
    });
    await page.getByTestId('call-incoming').getByTestId('call-answer').click();
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await sipp.waitForLog(/ACK-SENT/);

    await page.getByTestId('call-transfer').click();
    const tool = page.getByTestId('transfer-tool');
    const target = tool.getByTestId('transfer-target');
    await expect(tool.getByTestId('transfer-reason')).toHaveText('Заполните: куда перевести');
    await target.fill('Петрову');
    await tool.getByTestId('transfer-blind').click();
    await expect(tool.getByTestId('issue-target')).toHaveText('Введите номер телефона, внутренний номер или SIP-адрес');
    await expect(target).toBeFocused();
    await expect(target).toHaveAttribute('aria-invalid', 'true');
    await expect(tool.getByTestId('transfer-reason')).toHaveText('Исправьте: куда перевести');
    await expect(page.getByTestId('transfer-result')).toHaveCount(0);
    expect(await englishOnPage(page)).toEqual([]);

    // A number: the message goes as it is typed, and Enter sends the transfer (the far end says busy).
    await target.fill('2002');
    await expect(tool.getByTestId('issue-target')).toHaveCount(0);
    await target.press('Enter');
    await expect(page.getByTestId('transfer-result')).toHaveAttribute('data-state', 'failed');
    await page.getByTestId('call-active').getByTestId('call-hangup').click();
    const res = await sipp.waitExit(10_000);
    expect(res.exitCode, describeSipp(res)).toBe(0);
    await page.getByTestId('wrapup-skip').click();
  } finally {
    if (sipp) await sipp.kill();
  }
});
