/**
 * «Настройки → Сервер» in Chromium against a real desk server process (on a private PostgreSQL 15
 * cluster): a wrong password is said in Russian, the right one shows who is signed in, sign-out
 * brings the form back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openConsole, test } from './helpers/console';
import { startPostgres } from '../helpers/postgres';
import { startServerProcess } from '../helpers/serverProcess';

test('sign in to the desk server from the settings, see who is signed in, sign out', async ({ page, host }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'desk-e2e-'));
  const cluster = await startPostgres();
  const pwFile = join(dir, 'admin');
  writeFileSync(pwFile, 'e2e admin password\n', { mode: 0o600 });
  const server = startServerProcess(['--port', '0', '--admin-password-file', pwFile], { DATABASE_URL: cluster.url });
  try {
    const [, url] = await server.waitFor(/Desk server: (http:\/\/127\.0\.0\.1:\d+)/);
    await openConsole(page, host);
    await page.getByTestId('tab-settings').click();
    const card = page.getByTestId('server-card');
    await expect(card).toContainText('Сервер');
    await page.getByTestId('server-url').fill(url!);
    await page.getByTestId('server-login').fill('admin');
    await page.getByTestId('server-password').fill('wrong password');
    await page.getByTestId('server-sign-in').click();
    await expect(page.getByTestId('server-error')).toHaveText('Неверный логин или пароль');

    await page.getByTestId('server-password').fill('e2e admin password');
    await page.getByTestId('server-sign-in').click();
    await expect(page.getByTestId('server-signed-in')).toHaveText(`Вы вошли на ${url!} как Администратор (администратор)`);
    await expect(page.getByTestId('server-token-storage')).toContainText('только ваша учётная запись');
    await page.screenshot({ path: 'test-results/settings-server.png', fullPage: true });

    await page.getByTestId('server-sign-out').click();
    await expect(page.getByTestId('server-sign-in')).toBeVisible();
    await expect(page.getByTestId('server-url')).toHaveValue(url!);
  } finally {
    if (server.child.exitCode === null) process.kill(server.pid, 'SIGTERM');
    await server.exited;
    await cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
