/**
 * The screenshot tour: every main screen in Russian and English at 1280×800, saved as
 * test-results/tour/<nn>-<screen>-<lang>.png so a reviewer sees the whole product in a minute
 * (`npm run tour`), and axe-core (WCAG 2 A/AA) on each screen: any critical or serious violation
 * fails the tour with its rule, impact and targets. The top bar is checked on each screen too:
 * nothing in it cut or pushed off (scrollWidth ≤ clientWidth, inside the bar's edge).
 *
 * Data comes through the contract over the browser-mode WebSocket (the demo directory, tickets
 * created with `tickets:create`, a comment), never through SQL; the host's clock starts at a fixed
 * instant (`--now`) so the clocks and slots on the pictures do not drift.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { uuidv7 } from '../../src-shared/ids';
import type { RunningHost } from './helpers/host';
import { expect, open, openContract, test } from './helpers/tickets';
import { topBarClipped } from './helpers/topbar';

const OUT = 'test-results/tour';
const LANGS = ['ru', 'en'] as const;
type Lang = (typeof LANGS)[number];

type Frame = { id?: number; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } } };

/** One request over the contract's WebSocket, as the renderer sends it; a failed envelope throws. */
async function contractCall(host: RunningHost, channel: string, input: unknown): Promise<unknown> {
  const ws = new WebSocket(`${host.origin.replace('http:', 'ws:')}/ws?token=${encodeURIComponent(host.token)}`, { origin: host.origin });
  try {
    await new Promise<void>((ok, fail) => {
      ws.once('open', () => ok());
      ws.once('error', fail);
    });
    const frame = await new Promise<Frame>((ok, fail) => {
      ws.on('message', (data) => {
        const f = JSON.parse(String(data)) as Frame;
        if (f.id === 1) ok(f);
      });
      ws.once('close', (code) => fail(new Error(`${channel}: socket closed (${code})`)));
      ws.send(JSON.stringify({ id: 1, channel, input }));
    });
    if (!frame.result?.ok) throw new Error(`${channel}: ${JSON.stringify(frame.result?.error)}`);
    return frame.result.value;
  } finally {
    ws.close();
  }
}

/** Tickets in several states and priorities, for the list and a detail with history. */
async function seedTickets(host: RunningHost): Promise<void> {
  const first = uuidv7();
  await contractCall(host, 'tickets:create', {
    id: first,
    type: 'problem',
    priority: 2,
    contractNo: 'Д-000001',
    phone: '+79039691445',
    subject: 'Нет интернета после грозы',
    form: { doing: 'Включаю компьютер, открываю любой сайт', expected: 'Сайт открывается', actual: '«Нет подключения к интернету», на роутере мигает красный' },
  });
  await contractCall(host, 'tickets:comment', { id: first, text: 'Клиент перезагрузил роутер — не помогло', followUp: false });
  await contractCall(host, 'tickets:transition', { id: first, to: 'in_progress' });
  await contractCall(host, 'tickets:create', {
    id: uuidv7(),
    type: 'question',
    priority: 3,
    channel: 'email',
    contractNo: 'Д-000002',
    subject: 'Как сменить пароль Wi-Fi?',
    description: 'Пишет по почте, просит инструкцию',
  });
  await contractCall(host, 'tickets:create', {
    id: uuidv7(),
    type: 'maintenance',
    priority: 4,
    contractNo: 'Д-000003',
    subject: 'Плановая замена роутера',
  });
}

/** axe-core on the page as it is: every critical or serious WCAG 2 A/AA violation, listed. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // Legacy mode: one run inside the page; the default mode opens a blank page per run to merge
  // frames (the console has none), which costs seconds per screen.
  const result = await new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious' || STRUCTURE_RULES.includes(v.id))
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? 'no impact'}): ${n.target.map(String).join(' ')} — ${v.help}`));
}

/**
 * Structure that WCAG's tags leave to axe's best practices (rated moderate or minor there):
 * landmarks, one h1, header cells with text. A screen-reader user moves through the console by
 * them, so the tour requires them as well.
 */
const STRUCTURE_RULES = ['landmark-one-main', 'page-has-heading-one', 'region', 'empty-table-header', 'landmark-unique', 'heading-order'];

/**
 * Scrolls the panel that holds a test id (its nearest scrolling ancestor, not the document, so
 * the top bar and the tabs stay on the picture): the element `above` px below the panel's top,
 * or the panel back to its top with `null`.
 */
async function scrollPanel(page: Page, testId: string, above: number | null): Promise<void> {
  await page.getByTestId(testId).evaluate((el, offset) => {
    let box = el.parentElement;
    while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
    if (!box) return;
    box.scrollTop = offset === null ? 0 : box.scrollTop + el.getBoundingClientRect().top - box.getBoundingClientRect().top - offset;
  }, above);
}

type Shot = { readonly nn: number; readonly screen: string };

test('tour: every main screen in ru and en at 1280×800, no critical or serious axe violation', async ({ page, host }) => {
  test.setTimeout(240_000);
  mkdirSync(OUT, { recursive: true });
  expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
  await seedTickets(host);
  await open(page, host);

  const problems: string[] = [];
  const capture = async ({ nn, screen }: Shot, lang: Lang) => {
    // The pictures should show settled screens: no spinner or half-typed search.
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `${OUT}/${String(nn).padStart(2, '0')}-${screen}-${lang}.png` });
    for (const p of await topBarClipped(page)) problems.push(`${screen} [${lang}] top bar: ${p}`);
    for (const p of await accessibilityProblems(page)) problems.push(`${screen} [${lang}] ${p}`);
  };
  const tab = (id: string) => page.getByTestId(`tab-${id}`).click();

  for (const lang of LANGS) {
    await page.getByTestId('locale-switch').selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);

    // Идентификация, empty.
    await tab('identification');
    await page.getByTestId('search-input').fill('');
    await expect(page.getByTestId('search-result')).toHaveCount(0);
    await capture({ nn: 1, screen: 'identification-empty' }, lang);

    // A found contract, verified, with the eligibility verdict.
    await openContract(page, 'Д-000001');
    await page.getByTestId('verify-contract').fill('Д-000001');
    await page.getByTestId('verify-surname').fill('Иванов');
    await page.getByTestId('verify-surname').press('Enter');
    await expect(page.getByTestId('verify-result')).toHaveAttribute('data-verified', 'true');
    await expect(page.getByTestId('eligibility-verdict')).toHaveAttribute('data-level', 'ok');
    await capture({ nn: 2, screen: 'identification-verified' }, lang);

    // Заявки: the list, and the detail of the first ticket with its history.
    await tab('tickets');
    await expect(page.getByTestId('ticket-row')).toHaveCount(3);
    await page.locator('[data-testid="ticket-row"]', { hasText: 'Нет интернета после грозы' }).click();
    const detail = page.getByTestId('ticket-detail');
    await expect(detail).toBeVisible();
    await expect(detail.locator('[data-testid="history-item"]')).not.toHaveCount(0);
    await capture({ nn: 3, screen: 'tickets-detail' }, lang);

    // Visit booking from the ticket.
    await detail.getByTestId('ticket-book-visit').click();
    const booking = page.getByTestId('visit-request');
    await expect(booking.getByTestId('visit-form')).toBeVisible();
    await expect(booking.locator('[data-testid="visit-slot"]').first()).toBeVisible();
    await capture({ nn: 4, screen: 'visit-booking' }, lang);
    await page.keyboard.press('Escape');
    await expect(booking).toBeHidden();

    // The new-ticket form.
    await page.getByTestId('ticket-new').click();
    const form = page.getByTestId('ticket-new-form');
    await expect(form).toBeVisible();
    await form.getByTestId('new-contract').fill('Д-000001');
    await form.getByTestId('new-subject').fill('Медленно открываются сайты');
    await capture({ nn: 5, screen: 'ticket-new' }, lang);

    // A written claim.
    await page.getByTestId('claim-new').click();
    const claim = page.getByTestId('claim-form');
    await expect(claim).toBeVisible();
    await claim.getByTestId('claim-holder').fill('Иванов Иван Петрович');
    await claim.getByTestId('claim-contract').fill('Д-000001');
    await claim.getByTestId('claim-incident').fill('Три дня не было интернета, абонентскую плату списали полностью');
    await capture({ nn: 6, screen: 'claim' }, lang);

    // Звонки.
    await tab('calls');
    await expect(page.getByTestId('call-log')).toBeVisible();
    await capture({ nn: 7, screen: 'call-log' }, lang);

    // Настройки: the desk profile, then Телефония (the same tab, scrolled to it).
    await tab('settings');
    await expect(page.getByTestId('profile-save')).toBeVisible();
    // The profile form sits below Телефония: its title row goes to the top of the panel.
    await scrollPanel(page, 'profile-save', 80);
    await capture({ nn: 8, screen: 'settings-profile' }, lang);
    await scrollPanel(page, 'phone-wsUri', null);
    await capture({ nn: 9, screen: 'settings-telephony' }, lang);

    // The import form (Справочник).
    await tab('directory');
    await expect(page.getByTestId('import-submit')).toBeVisible();
    await capture({ nn: 10, screen: 'import' }, lang);

    // The `?` sheet.
    await page.locator('body').click({ position: { x: 1270, y: 790 } });
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-sheet')).toBeVisible();
    await capture({ nn: 11, screen: 'shortcuts' }, lang);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcut-sheet')).toBeHidden();
  }

  expect(problems, `axe-core: critical or serious violations; clipped top bar\n${problems.join('\n')}`).toEqual([]);
});
