import { readFile } from 'node:fs/promises';
import { expect, openConsole, test } from './helpers/console';

test('desk profiles: choose the active one, validation issues next to fields keep the input, save', async ({ page, host }) => {
  await openConsole(page, host);
  await page.getByTestId('tab-settings').click();
  const form = page.getByTestId('profile-form');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('topbar-profile')).toContainText('Интернет-провайдер');

  await page.getByTestId('profile-restaurant-integrator').check();
  await expect(page.getByTestId('topbar-profile')).toContainText('Интегратор ПО для ресторанов');
  await expect(page.getByTestId('profile-debt-days')).toHaveValue('30');

  // Checked in the form: a duration that is not mm:ss.
  await page.getByTestId('profile-call-warn').fill('13 минут');
  await page.getByTestId('profile-save').click();
  await expect(page.getByTestId('issue-callLimit.warnAtSec')).toContainText('мм:сс');
  await expect(page.getByTestId('profile-call-warn')).toHaveValue('13 минут');

  // Checked in the form with the host's own profile schema (issues on its paths): warning after the limit, zero hours.
  await page.getByTestId('profile-call-warn').fill('16:00');
  await page.getByTestId('profile-stale-hours').fill('0');
  await page.getByTestId('profile-save').click();
  await expect(page.getByTestId('profile-issues')).toBeVisible();
  await expect(page.getByTestId('issue-balance.staleAfterHours')).toBeVisible();
  await expect(page.getByTestId('issue-callLimit.warnAtSec')).toBeVisible();
  await expect(page.getByTestId('profile-stale-hours')).toHaveValue('0');
  await expect(page.getByTestId('profile-call-warn')).toHaveValue('16:00');
  await page.screenshot({ path: 'test-results/settings-issues.png', fullPage: true });

  await page.getByTestId('profile-call-warn').fill('12:30');
  await page.getByTestId('profile-stale-hours').fill('6');
  await page.getByTestId('profile-save').click();
  await expect(page.getByTestId('profile-saved')).toBeVisible();
  await expect(page.getByTestId('profile-issues')).toHaveCount(0);
  await expect(page.getByTestId('profile-call-warn')).toHaveValue('12:30');

  // Back to the preset.
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('profile-reset').click();
  await expect(page.getByTestId('profile-call-warn')).toHaveValue('13:00');
  await expect(page.getByTestId('profile-stale-hours')).toHaveValue('24');
});

test('Телефония says truthfully how browser mode keeps the SIP password (a file only this user can read, not encrypted)', async ({ page, host }) => {
  await openConsole(page, host);
  await page.getByTestId('tab-settings').click();
  const phone = page.getByTestId('phone-settings');
  await expect(page.getByTestId('password-storage')).toHaveText(
    'Пароль хранится незашифрованным, в файле, который может читать только ваша учётная запись в системе.',
  );
  await expect(page.getByTestId('password-storage')).toHaveAttribute('data-storage', 'user-only-file');
  await expect(phone).not.toContainText('хранится зашифрованным');
  await page.getByTestId('locale-switch').selectOption('en');
  await expect(page.getByTestId('password-storage')).toHaveText('The password is stored unencrypted, in a file only your operating system account can read.');
});

test('«Сохранить диагностику» saves the bundle and offers it as a download in browser mode', async ({ page, host }) => {
  await openConsole(page, host);
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('diagnostics-save').click();
  const saved = page.getByTestId('diagnostics-saved');
  await expect(saved).toContainText(/^Сохранено: diagnostics-[0-9TZ-]+\.json, [\d\s ]+ КБ/);
  const download = page.waitForEvent('download');
  await page.getByTestId('diagnostics-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^diagnostics-.+\.json$/);
  const bundle = JSON.parse(await readFile(await file.path(), 'utf8')) as { kind: string; app: { transport: string } };
  expect(bundle).toMatchObject({ kind: 'operator-console-diagnostics', app: { transport: 'web' } });
  await page.getByTestId('locale-switch').selectOption('en');
  await expect(page.getByTestId('diagnostics-save')).toHaveText('Save diagnostics');
});
