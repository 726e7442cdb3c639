/**
 * The screen pop's order (issue 11 item 5, pop_p99_ms): a ringing call's number and Answer button
 * are put on screen first, in a render of their own that runs in the very task the host's
 * `calls:state` frame arrives in; the ring tone starts after the frame that shows them (it used to
 * start inside that same render, before the browser could paint it), and the caller card follows. Chromium, the real renderer, Kamailio + sipp.
 */
import { startSipp, describeSipp, type SippHandle } from '../sip-rig/sippRunner';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { expect, MEDIA_LAUNCH_ARGS, OPERATOR, ringing, setUpPhone, test } from './helpers/softphone';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: MEDIA_LAUNCH_ARGS } });

type PopOrder = {
  /** Whether the Answer button was in the DOM when a task queued at the ringing frame's arrival ran. */
  frameCheck: { buttonByNextTask: boolean } | null;
  /** Frames painted when the observer first saw the Answer button, and the number shown with it. */
  button: { frame: number; number: string } | null;
  /** Frames painted, and whether the button had been seen, when the ring tone's play() was called. */
  ring: { frame: number; buttonSeen: boolean } | null;
};

/**
 * Counts frames (requestAnimationFrame), stamps the first Answer button a MutationObserver sees
 * (its callback runs once the task that changed the DOM is over) and the ring tone's play().
 * Source text, not a function: tsx's keepNames helper does not exist in the page.
 */
const WATCH_ORDER = `(() => {
  const order = { frameCheck: null, button: null, ring: null };
  window.__popOrder = order;
  // Added at construction, before the console's own handler: the check's task is queued first.
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (order.frameCheck || typeof e.data !== 'string' || !e.data.includes('"calls:state"')) return;
        const calls = (JSON.parse(e.data).payload || {}).calls || [];
        const ringing = calls.find((c) => c.state === 'ringing');
        if (!ringing) return;
        order.frameCheck = { buttonByNextTask: false };
        setTimeout(() => {
          order.frameCheck.buttonByNextTask = document.querySelector('[data-call-id="' + ringing.id + '"] [data-testid="call-answer"]') !== null;
        }, 0);
      });
    }
  };
  let frame = 0;
  const tick = () => { frame++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new MutationObserver(() => {
    if (order.button) return;
    const btn = document.querySelector('[data-testid="call-incoming"] [data-testid="call-answer"]');
    if (!btn) return;
    const number = btn.closest('[data-testid="call-incoming"]').querySelector('[data-testid="call-number"]');
    order.button = { frame, number: number ? number.textContent : '' };
  }).observe(document, { subtree: true, childList: true });
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    if (!order.ring && /ring/.test(this.currentSrc || this.src)) order.ring = { frame, buttonSeen: order.button !== null };
    return play.call(this);
  };
})()`;

test('a ringing call: number and Answer button first, the ring tone a frame later, then the caller card', async ({ page, host, rig }) => {
  test.setTimeout(60_000);
  await page.addInitScript(WATCH_ORDER);
  await page.goto(host.url);
  await setUpPhone(page, rig);
  await page.getByTestId('tab-identification').click();
  await expect(page.getByTestId('call-idle')).toBeVisible();

  let sipp: SippHandle | null = null;
  try {
    sipp = await startSipp({
      scenario: 'uac-cancel.xml',
      remote: `127.0.0.1:${rig.udpPort}`,
      service: OPERATOR.user,
      pauseMs: 6000,
      keys: { callerid: '+79039691445', callername: 'Иванов' },
      timeoutS: 30,
    });
    await expect(page.getByTestId('call-incoming')).toBeVisible();
    await expect.poll(() => ringing(page)).toBe(true);
    const order = await page.evaluate(() => (window as unknown as { __popOrder: PopOrder }).__popOrder);
    // The button rendered in the very task that brought the ringing call (no timer hop first).
    expect(order.frameCheck?.buttonByNextTask).toBe(true);
    // The number came with the button, in the same render.
    expect(order.button?.number).toBe('+7 903 969-14-45');
    // The tone started after the observer had seen the button (a later task) and after a frame
    // was painted with it: it no longer runs inside the render that adds the button.
    expect(order.ring?.buttonSeen).toBe(true);
    expect(order.ring?.frame ?? 0).toBeGreaterThan(order.button?.frame ?? Number.MAX_SAFE_INTEGER);
    // The caller card still fills while it rings.
    await expect(page.getByTestId('card-contract-no')).toHaveText('Д-000001');
    const res = await sipp.waitExit(15_000);
    expect(res.exitCode, describeSipp(res)).toBe(0);
    await expect.poll(() => ringing(page)).toBe(false);
  } finally {
    await sipp?.kill();
  }
});
