/**
 * The console host goes away and comes back while the page is open (browser mode, issue 11 item
 * 4). Stopped by its process group: the top bar keeps its clock and says «нет связи», a search
 * ends in «Нет связи с программой — повторим автоматически». Started again on the same data
 * folder and port it issues a new token, which the page cannot guess: the page says so in Russian
 * and takes the new link pasted into it, without a reload, so the ticket being typed survives;
 * then the lists load again, the ticket saves, the softphone has re-registered and a call rings.
 */
import type { Page } from '@playwright/test';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { expect, MEDIA_LAUNCH_ARGS, ringFrom, setUpPhone, test } from './helpers/softphone';
import { topBarClipped } from './helpers/topbar';
import type { RunningHost } from './helpers/host';
import type { SippHandle } from '../sip-rig/sippRunner';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: MEDIA_LAUNCH_ARGS }, viewport: { width: 1280, height: 800 } });

const SUBJECT = 'Нет интернета после грозы';
const DOING = 'Включаю компьютер, открываю любой сайт';

/** The clock is inside the top bar, not pushed off it by a connection notice. */
async function clockInTopBar(page: Page): Promise<void> {
  await expect(page.getByTestId('clock')).toBeVisible();
  const clock = await page.getByTestId('clock').boundingBox();
  const bar = await page.getByTestId('topbar').boundingBox();
  expect(clock && bar && clock.x + clock.width <= bar.x + bar.width && clock.y >= bar.y && clock.y + clock.height <= bar.y + bar.height).toBe(true);
  expect(await topBarClipped(page)).toEqual([]);
}

test('host stopped and started again: «нет связи» with the clock kept, the new link taken in place, the typed ticket kept, lists load, a call rings', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(150_000);
  await page.goto(host.url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await setUpPhone(page, rig);
  await page.getByTestId('tab-identification').click();
  await page.getByTestId('search-input').fill('Иванов');
  await expect(page.getByTestId('search-result').first()).toBeVisible();

  // A ticket half typed when the host goes.
  await page.getByTestId('tab-tickets').click();
  await expect(page.getByTestId('tickets-count')).toBeVisible();
  await page.getByTestId('ticket-new').click();
  const form = page.getByTestId('ticket-new-form');
  await form.getByTestId('new-contract').fill('Д-000001');
  await form.getByTestId('new-subject').fill(SUBJECT);
  await form.getByTestId('new-doing').fill(DOING);

  await host.halt();
  await expect(page.getByTestId('connection-state')).toContainText('Нет связи с программой');
  await clockInTopBar(page);
  await page.getByTestId('tab-identification').click();
  await page.getByTestId('search-input').fill('Петров');
  await expect(page.getByTestId('search-status')).toContainText('Нет связи с программой — повторим автоматически', { timeout: 10_000 });

  let again: RunningHost | null = null;
  let sipp: SippHandle | null = null;
  try {
    again = await host.restart();
    expect(again.token).not.toBe(host.token);
    expect(again.port).toBe(host.port);

    // The old token is refused: the page says what to do, in Russian, and keeps the clock.
    const prompt = page.getByTestId('new-link');
    await expect(prompt).toContainText('Программа перезапущена: нужна её новая ссылка', { timeout: 15_000 });
    await expect(prompt).toContainText('введённое не пропадёт');
    await clockInTopBar(page);
    await page.screenshot({ path: 'test-results/host-recovery-new-link.png' });

    // Something that is not a console link is refused with the reason; the real one reconnects.
    await prompt.getByTestId('new-link-input').fill('http://127.0.0.1:1/');
    await prompt.getByTestId('new-link-submit').click();
    await expect(prompt.getByTestId('new-link-problem')).toContainText('Это не ссылка на консоль');
    await prompt.getByTestId('new-link-input').fill(again.url);
    await prompt.getByTestId('new-link-submit').click();
    await expect(prompt).toHaveCount(0);
    await expect(page.getByTestId('connection-state')).toHaveCount(0);
    // No reload happened: the search typed during the outage is still in its field, now answered.
    await expect(page.getByTestId('search-input')).toHaveValue('Петров');
    await expect(page.getByTestId('search-status')).not.toContainText('Нет связи');
    await page.getByTestId('search-input').fill('Иванов');
    await expect(page.getByTestId('search-result').first()).toBeVisible();

    // The ticket typed before the restart is all there and saves on the new host.
    await page.getByTestId('tab-tickets').click();
    await expect(form.getByTestId('new-contract')).toHaveValue('Д-000001');
    await expect(form.getByTestId('new-subject')).toHaveValue(SUBJECT);
    await expect(form.getByTestId('new-doing')).toHaveValue(DOING);
    await form.getByTestId('new-expected').fill('Сайт открывается');
    await form.getByTestId('new-actual').fill('Нет подключения, на роутере мигает красный');
    await form.getByTestId('new-save').click();
    await expect(page.getByTestId('ticket-detail')).toBeVisible();
    await expect(page.getByTestId('tickets-count')).toContainText('1 заявка');

    // The restarted host registered the saved account again by itself: a call rings and pops.
    await expect(page.getByTestId('sip-status').first()).toHaveAttribute('data-state', 'registered', { timeout: 15_000 });
    await page.getByTestId('tab-identification').click();
    const ring = await ringFrom(page, rig, '+79039691445', 'Иванов');
    sipp = ring.sipp;
    await expect(page.getByTestId('card-contract-no')).toHaveText('Д-000001');
    await ring.incoming.getByTestId('call-answer').click();
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await sipp.waitForLog(/ACK-SENT/);
    await page.getByTestId('call-active').getByTestId('call-hangup').click();
    await expect(page.getByTestId('call-active')).toHaveCount(0);
  } finally {
    await sipp?.kill();
    await again?.stop();
  }
});

test('the new link opened in another tab hands its token to the refused tab; pasted into the address bar it is taken without a reload', async ({
  page,
  host,
  context,
}) => {
  test.setTimeout(150_000); // three host starts: each takes 10–15 s on a busy machine
  await page.goto(host.url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await page.getByTestId('tab-tickets').click();
  await page.getByTestId('ticket-new').click();
  const subject = page.getByTestId('ticket-new-form').getByTestId('new-subject');
  await subject.fill(SUBJECT);
  // A marker the page keeps in memory only: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const notReloaded = () => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

  let again = await host.restart();
  try {
    await expect(page.getByTestId('new-link')).toBeVisible({ timeout: 15_000 });
    // The operator clicks the printed link: it opens in a new tab, which hands the token over.
    const second = await context.newPage();
    await second.goto(again.url);
    await expect(second.getByTestId('search-input')).toBeVisible();
    await expect(page.getByTestId('new-link')).toHaveCount(0);
    await expect(page.getByTestId('connection-state')).toHaveCount(0);
    await expect(subject).toHaveValue(SUBJECT);
    expect(await notReloaded()).toBe(true);
    await second.close();

    // Once more, now the link goes into this tab's address bar: only the fragment changes.
    again = await again.restart();
    await expect(page.getByTestId('new-link')).toBeVisible({ timeout: 15_000 });
    await page.goto(again.url);
    await expect(page.getByTestId('new-link')).toHaveCount(0);
    await expect(page.getByTestId('connection-state')).toHaveCount(0);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(''); // the token leaves the address bar
    await expect(subject).toHaveValue(SUBJECT);
    expect(await notReloaded()).toBe(true);
    await page.getByTestId('ticket-new-form').getByTestId('new-save').click();
    await expect(page.getByTestId('ticket-detail')).toBeVisible();
  } finally {
    await again.stop();
  }
});
