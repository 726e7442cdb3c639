/** Steps of the e2e specs that run a console against a real desk server (a `npm run server` child). */
import { createServer } from 'node:net';
import type { Page } from '@playwright/test';
import { expect } from './fixture';

/**
 * A loopback port free right now. The server child is started on it by number (not port 0), so
 * the spec knows its address before the child prints it and can restart it on the same port.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** «Настройки → Сервер»: signs the console in and waits until its sync says «online». */
export async function signInConsole(page: Page, url: string, login: string, password: string): Promise<void> {
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('server-url').fill(url);
  await page.getByTestId('server-login').fill(login);
  await page.getByTestId('server-password').fill(password);
  await page.getByTestId('server-sign-in').click();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
}
