/**
 * The softphone end to end in Chromium (browser mode): the project's PBX (Kamailio + rtpengine),
 * sipp as the caller with real RTP, the console host with the demo directory, and the renderer's
 * media engine on Chromium's fake audio devices. Media is asserted on both sides (sip-rig
 * pitfall 2): getStats in the page and rtpengine's per-leg counters for the sipp leg.
 */
import { startSipp, describeSipp, type SippHandle } from '../sip-rig/sippRunner';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { expect, MEDIA_LAUNCH_ARGS, mediaStats, OPERATOR, ringFrom, ringing, setUpPhone, shortenDeskCallLimit, test } from './helpers/softphone';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: MEDIA_LAUNCH_ARGS } });

test('R-ID-PHONE, R-CALL-REC, R-CALL-WAIT: sipp calls in, the console rings and pops Д-000001, the operator answers, audio both ways, hangs up, the log row is right', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await expect(page.getByTestId('topbar-directory')).toContainText('демо');
  await setUpPhone(page, rig);
  await expect(page.getByTestId('phone-mic')).toContainText('готов');
  await page.getByTestId('tab-identification').click();
  await expect(page.getByTestId('call-idle')).toBeVisible();
  await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'available');

  let sipp: SippHandle | null = null;
  try {
    const ring = await ringFrom(page, rig, '+79039691445', 'Иванов', { timeoutS: 40 });
    sipp = ring.sipp;
    const sipCallId = /CALL-ID (\S+)/.exec(await sipp.waitForLog(/CALL-ID \S+/))?.[1] ?? '';

    // Ringing: the panel shows the caller and the card pops while it rings.
    const incoming = ring.incoming;
    await expect(incoming.getByTestId('call-number')).toHaveText('+7 903 969-14-45');
    await expect(page.getByTestId('card-contract-no')).toHaveText('Д-000001');
    await expect(page.getByTestId('card-holder')).toHaveText('Иванов Иван Петрович');
    await expect(page.getByTestId('recording-notice')).toContainText('записыва'); // desk 001 records calls
    await expect.poll(() => ringing(page)).toBe(true);
    await page.screenshot({ path: 'test-results/softphone-ringing.png' });

    await incoming.getByTestId('call-answer').click();
    const active = page.getByTestId('call-active');
    await expect(active).toHaveAttribute('data-state', 'active');
    await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'on-call');
    expect(await ringing(page)).toBe(false);
    await sipp.waitForLog(/ACK-SENT/);

    // Audio both ways: the page receives sipp's stream, rtpengine sees the page's stream on the
    // plain-RTP leg towards sipp (sipp itself counts no received RTP).
    await expect.poll(async () => (await mediaStats(page))[0]?.packetsReceived ?? 0, { timeout: 5_000 }).toBeGreaterThan(50);
    const stats = (await mediaStats(page))[0];
    expect(stats?.bytesReceived).toBeGreaterThan(0);
    expect(stats?.packetsSent).toBeGreaterThan(50);
    expect(stats?.connectionState).toBe('connected');
    const legs = await rig.rtpengine?.legs(sipCallId);
    expect(legs?.length, `rtpengine legs of ${sipCallId}`).toBeGreaterThanOrEqual(2);
    for (const leg of legs ?? []) expect(leg.packets, `${leg.tag} ${leg.endpoint}`).toBeGreaterThan(20);
    await expect(page.getByTestId('talk-timer')).toHaveText(/00:0[1-9]/);
    await page.screenshot({ path: 'test-results/softphone-call.png' });

    await active.getByTestId('call-hangup').click();
    await expect(page.getByTestId('call-active')).toHaveCount(0);
    const res = await sipp.waitExit(10_000);
    expect(res.exitCode, describeSipp(res)).toBe(0);
    expect(res.log).toContain('BYE-RECEIVED');

    // Wrap-up, then the call log row (R-CALL-WAIT: wait time recorded; talk time > 0).
    await expect(page.getByTestId('wrapup-form')).toBeVisible();
    await page.getByTestId('wrapup-code').selectOption('solved');
    await page.getByTestId('wrapup-note').fill('Проверили роутер, связь есть');
    await page.getByTestId('wrapup-save').click();
    await expect(page.getByTestId('call-idle')).toBeVisible();

    await page.keyboard.press('Alt+4');
    const row = page.getByTestId('call-log-row').first();
    await expect(row).toHaveAttribute('data-direction', 'inbound');
    await expect(row).toHaveAttribute('data-outcome', 'answered');
    await expect(row.locator('[data-col="number"]')).toHaveText('+7 903 969-14-45');
    await expect(row.locator('[data-col="contract"]')).toContainText('Д-000001');
    expect(Number(await row.locator('[data-col="talk"]').getAttribute('data-ms'))).toBeGreaterThan(1000);
    await expect(row.locator('[data-col="wait"]')).toHaveText(/^\d+:\d{2}$/);
    await expect(row).toContainText('Оператор Смирнова');
    await expect(row).toContainText('решено');
    await expect(row).toContainText('Проверили роутер');
    await page.screenshot({ path: 'test-results/softphone-call-log.png' });
  } finally {
    if (sipp) await sipp.kill();
  }
});

test('R-ID-PHONE, R-CALL-15: a shared phone offers both contracts (key 2 picks), hold and DTMF by keys, the visit offer at the desk limit keeps typing focus, one key records it', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await shortenDeskCallLimit(page); // the desk limit made short for the test: offer at 0:04
  await setUpPhone(page, rig);
  await page.getByTestId('tab-identification').click();

  let sipp: SippHandle | null = null;
  try {
    sipp = (await ringFrom(page, rig, '+74951234567', 'Fedorov', { timeoutS: 40 })).sipp;
    const candidates = page.getByTestId('call-candidate');
    await expect(candidates).toHaveCount(2);
    await expect(page.getByTestId('call-candidates')).toContainText('Фёдоров Пётр Ильич');
    await expect(page.getByTestId('call-candidates')).toContainText('Фёдорова Анна Сергеевна');
    await expect(candidates.first()).toBeFocused(); // the search field was empty: the picker takes the keys
    const second = candidates.nth(1);
    const pickNo = (await second.getAttribute('data-contract-no')) ?? '';
    await page.keyboard.press('2');
    await expect(page.getByTestId('card-contract-no')).toHaveText(pickNo);
    await expect(page.getByTestId('call-contract')).toContainText(pickNo);
    await page.screenshot({ path: 'test-results/softphone-shared-phone.png' });

    await page.keyboard.press('Control+Enter');
    const active = page.getByTestId('call-active');
    await expect(active).toHaveAttribute('data-state', 'active');
    await sipp.waitForLog(/ACK-SENT/);

    // Hold and resume by key: sipp sees the re-INVITEs.
    await page.keyboard.press('Control+Shift+H');
    await expect(page.getByTestId('call-held')).toBeVisible();
    await sipp.waitForLog(/REINVITE a=sendonly/);
    await page.keyboard.press('Control+Shift+H');
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await sipp.waitForLog(/REINVITE a=sendrecv/);

    // DTMF from the pad (RFC 4733 through the page's RTCDTMFSender, or SIP INFO).
    await page.keyboard.press('Control+Shift+D');
    await page.getByTestId('dtmf-pad').locator('[data-key="5"]').click();
    await expect(page.getByTestId('dtmf-sent')).toContainText('5');
    await expect.poll(() => (rig.rtpengine?.dtmf().length ?? 0) + (sipp?.log().match(/DTMF-INFO/g)?.length ?? 0), { timeout: 5_000 }).toBeGreaterThan(0);
    await page.keyboard.press('Control+Shift+D');

    // R-CALL-15: typing notes when the limit comes; the offer appears but leaves the focus in the field.
    const notes = page.getByTestId('call-notes');
    await notes.fill('Нет связи после грозы, роутер перезагружали');
    await expect(page.getByTestId('talk-timer')).toHaveAttribute('data-level', 'limit', { timeout: 8_000 });
    const offer = page.getByTestId('visit-offer-button');
    await expect(offer).toBeVisible();
    await expect(notes).toBeFocused();
    await page.screenshot({ path: 'test-results/softphone-visit-offer.png' });
    await page.keyboard.press('Control+Shift+B');
    const visit = page.getByTestId('visit-request');
    await expect(visit).toBeVisible();
    await expect(visit.getByTestId('visit-contract')).toHaveText(pickNo);
    await expect(visit.getByTestId('visit-phone')).toHaveText('+7 495 123-45-67');
    await expect(visit.getByTestId('visit-address')).toContainText('Профсоюзная');
    await expect(visit.getByTestId('visit-notes')).toHaveText('Нет связи после грозы, роутер перезагружали');
    await page.screenshot({ path: 'test-results/softphone-visit-request.png' });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('visit-escalated')).toBeVisible();

    await page.keyboard.press('Control+Shift+E');
    await expect(page.getByTestId('wrapup-form')).toBeVisible();
    const res = await sipp.waitExit(10_000);
    expect(res.exitCode, describeSipp(res)).toBe(0);
    await expect(page.getByTestId('wrapup-note')).toHaveValue('Нет связи после грозы, роутер перезагружали');
    await page.getByTestId('wrapup-code').selectOption('visit-booked');
    await page.getByTestId('wrapup-save').click();

    await page.keyboard.press('Alt+4');
    const row = page.getByTestId('call-log-row').first();
    await expect(row.locator('[data-col="contract"]')).toContainText(pickNo);
    await expect(row).toContainText('выезд');
    await expect(page.getByTestId('visit-request-row')).toHaveCount(1);
    await expect(page.getByTestId('visit-request-row')).toContainText(pickNo);
    await page.getByTestId('log-number').fill('8 495 123-45-67');
    await expect(page.getByTestId('call-log-row')).toHaveCount(1);
    await page.getByTestId('log-number').fill('+7 903 000-00-00');
    await expect(page.getByTestId('call-log-row')).toHaveCount(0);
  } finally {
    if (sipp) await sipp.kill();
  }
});

test('click-to-call from the caller card: the console dials the contract phone, the far end answers, audio both ways, the log row is outbound with the contract', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await setUpPhone(page, rig);
  const far = await startSipp({ scenario: 'uas-media.xml', timeoutS: 40 });
  try {
    // Dialled numbers go out through the rig's "trunk": a sipp UAS standing in for the network.
    await rig.bindUser('trunk', far.port);
    await page.getByTestId('tab-identification').click();
    await page.getByTestId('search-input').fill('Д-000001');
    await page.getByTestId('search-input').press('Enter');
    await expect(page.getByTestId('card-contract-no')).toHaveText('Д-000001');
    await page.getByTestId('click-to-call').first().click();

    const active = page.getByTestId('call-active');
    await expect(active).toHaveAttribute('data-state', 'active', { timeout: 10_000 });
    await expect(active.getByTestId('call-number')).toHaveText('+7 903 969-14-45');
    await expect(active.getByTestId('call-contract')).toContainText('Д-000001');
    await far.waitForLog(/TO\s+<sip:\+79039691445@/);
    await expect.poll(async () => (await mediaStats(page))[0]?.packetsReceived ?? 0, { timeout: 5_000 }).toBeGreaterThan(50);
    const callId = /CALL-ID (\S+)/.exec(far.log())?.[1] ?? '';
    const legs = await rig.rtpengine?.legs(callId);
    for (const leg of legs ?? []) expect(leg.packets, `${leg.tag} ${leg.endpoint}`).toBeGreaterThan(20);
    expect((await mediaStats(page))[0]?.packetsSent).toBeGreaterThan(50);

    await page.keyboard.press('Control+Shift+E');
    await far.waitForLog(/BYE-RECEIVED/);
    await expect(page.getByTestId('wrapup-form')).toBeVisible();
    await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'wrap-up');
    // «Пропустить» ends the wrap-up (not only the form): the agent is available and the next call
    // rings at once instead of being refused with 486 until the wrap-up timer runs out.
    await page.getByTestId('wrapup-skip').click();
    await expect(page.getByTestId('wrapup-form')).toHaveCount(0);
    await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'available');
    const next = await startSipp({ scenario: 'uac-cancel.xml', remote: `127.0.0.1:${rig.udpPort}`, service: OPERATOR.user, pauseMs: 3_000, timeoutS: 20 });
    try {
      await expect(page.getByTestId('call-incoming')).toBeVisible();
      const res = await next.waitExit(10_000);
      expect(res.exitCode, describeSipp(res)).toBe(0);
      expect(res.log).toContain('RINGING');
    } finally {
      await next.kill();
    }
    await expect(page.getByTestId('call-incoming')).toHaveCount(0);
    await page.keyboard.press('Alt+4');
    // Newest first: the call that rang after the skip (missed, not busy: it was offered), then ours.
    await expect(page.getByTestId('call-log-row').first()).toHaveAttribute('data-outcome', 'missed');
    const row = page.getByTestId('call-log-row').nth(1);
    await expect(row).toHaveAttribute('data-direction', 'outbound');
    await expect(row).toHaveAttribute('data-outcome', 'answered');
    await expect(row.locator('[data-col="contract"]')).toContainText('Д-000001');
  } finally {
    await far.kill();
  }
});

test('transfer: the operator sees the far end report (NOTIFY sipfrag): «не удался: абонент занят» keeps the call, «выполнен» ends it', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(150_000);
  await page.goto(host.url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await setUpPhone(page, rig);
  await expect(page.getByTestId('phone-mic')).toContainText('готов');
  await page.getByTestId('tab-identification').click();
  const colleague = await startSipp({ scenario: 'uas-answer.xml', timeoutS: 40 });
  const running: SippHandle[] = [colleague];
  try {
    await rig.bindUser('2002', colleague.port);
    const transferTo = async (target: string) => {
      await page.getByTestId('call-transfer').click();
      await page.getByTestId('transfer-target').fill(target);
      await page.getByTestId('transfer-target').press('Enter');
    };

    // The target is busy: the customer's phone reports 100 then 486; the call stays with the operator.
    const busy = await startSipp({ scenario: 'uac-transferee-fails.xml', remote: `127.0.0.1:${rig.udpPort}`, service: OPERATOR.user, timeoutS: 40 });
    running.push(busy);
    await page.getByTestId('call-incoming').getByTestId('call-answer').click();
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await busy.waitForLog(/ACK-SENT/);
    await transferTo('2002');
    const result = page.getByTestId('transfer-result');
    await expect(result).toHaveAttribute('data-state', 'failed');
    await expect(result).toHaveText('Перевод не удался: абонент занят. Звонок остаётся у вас.');
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await page.screenshot({ path: 'test-results/softphone-transfer-failed.png' });
    await page.getByTestId('call-active').getByTestId('call-hangup').click();
    const busyRes = await busy.waitExit(10_000);
    expect(busyRes.exitCode, describeSipp(busyRes)).toBe(0);
    await page.getByTestId('wrapup-skip').click();
    await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'available');

    // The target answers: NOTIFY 200, the console leaves the call and says so in the wrap-up.
    const ok = await startSipp({ scenario: 'uac-transferee.xml', remote: `127.0.0.1:${rig.udpPort}`, service: OPERATOR.user, pauseMs: 200, timeoutS: 40 });
    running.push(ok);
    await page.getByTestId('call-incoming').getByTestId('call-answer').click();
    await ok.waitForLog(/ACK-SENT/);
    await transferTo('2002');
    await expect(page.getByTestId('call-active')).toHaveCount(0);
    await expect(page.getByTestId('wrapup-form').getByTestId('transfer-result')).toHaveText('Перевод выполнен');
    const res = await ok.waitExit(10_000);
    expect(res.exitCode, describeSipp(res)).toBe(0);
    expect(res.log).toContain('BYE-RECEIVED after NOTIFY');
  } finally {
    for (const h of running) await h.kill();
  }
});

test('early media: the far end answers 183 with SDP and plays an announcement; the console plays it before the 200 OK', async ({ page, host, rig }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await setUpPhone(page, rig);
  await expect(page.getByTestId('phone-mic')).toContainText('готов');
  await page.getByTestId('tab-identification').click();
  // The 200 OK comes 8 s after the 183: long enough to see the announcement on a loaded machine.
  const far = await startSipp({ scenario: 'uas-early-media.xml', pauseMs: 8_000, timeoutS: 60 });
  try {
    await rig.bindUser('trunk', far.port);
    await page.getByTestId('dial-input').fill('+7 495 111-22-33');
    await page.getByTestId('dial-input').press('Enter');
    await far.waitForLog(/EARLY-MEDIA/, 15_000);
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'dialing');
    // Audio arrives and plays while the call is still dialing (no 200 OK yet).
    await expect.poll(async () => (await mediaStats(page))[0]?.packetsReceived ?? 0, { timeout: 6_000 }).toBeGreaterThan(20);
    // Played out, not only received: the decoded announcement has a level (the A-law tone).
    await expect.poll(async () => (await mediaStats(page))[0]?.audioLevel ?? 0, { timeout: 3_000 }).toBeGreaterThan(0.01);
    expect(far.log()).not.toContain('ANSWERING');
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'dialing');
    // Then the answer: the same media goes on, the call is up.
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active', { timeout: 15_000 });
    await far.waitForLog(/ANSWERED/);
    await page.keyboard.press('Control+Shift+E');
    const res = await far.waitExit(10_000);
    expect(res.exitCode, describeSipp(res)).toBe(0);
    expect(res.log).toContain('BYE-RECEIVED');
  } finally {
    await far.kill();
  }
});
