/**
 * Interop with a softphone nobody here wrote: Debian's baresip (tests/sip-rig/baresip.ts) on the
 * rig's UDP side, the console in Chromium on its WebSocket side, rtpengine between them. Calls
 * both ways with audio, hold/resume, DTMF both ways with every digit checked at the far end,
 * blind transfer, early media before answer, attended transfer (done, the colleague hanging up
 * during the consultation, the transfer refused). What baresip 1.0 itself cannot do (send early
 * audio, honour Replaces) is in tests/sip-rig/README.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBaresip, type Baresip } from '../sip-rig/baresip';
import { wavTone } from '../sip-rig/alaw';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { expect, MEDIA_LAUNCH_ARGS, mediaStats, OPERATOR, setUpPhone, test } from './helpers/softphone';
import type { Page } from '@playwright/test';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: MEDIA_LAUNCH_ARGS } });

const DIGITS = '0123456789*#';

async function ready(page: Page, url: string, rig: Parameters<typeof setUpPhone>[1]): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await setUpPhone(page, rig);
  await expect(page.getByTestId('phone-mic')).toContainText('готов');
  await page.getByTestId('tab-identification').click();
}

const received = async (page: Page): Promise<number> => (await mediaStats(page))[0]?.packetsReceived ?? 0;

/**
 * The console sends every digit from its pad; baresip must report each one (CALL_DTMF_START), in
 * order. With opus this fails over RFC 4733 with only 8 kHz events negotiated (src-main/softphone/sdh.ts).
 */
async function dtmfToBaresip(page: Page, far: Baresip): Promise<void> {
  const since = far.events.length;
  await page.getByTestId('call-dtmf').click();
  for (const d of DIGITS) {
    await page.getByTestId('dtmf-pad').locator(`[data-key="${d}"]`).click();
    await far.waitEvent((e) => e.type === 'CALL_DTMF_START' && e.param === d, { since, timeoutMs: 5_000 });
  }
  const got = far.events
    .slice(since)
    .filter((e) => e.type === 'CALL_DTMF_START')
    .map((e) => e.param)
    .join('');
  expect(got).toBe(DIGITS);
  await page.getByTestId('call-dtmf').click();
}

for (const codec of ['opus/48000/2', 'PCMA'] as const) {
  test(`baresip (${codec}) calls the console: it rings, the operator answers, audio both ways, hold/resume, every DTMF digit both ways`, async ({
    page,
    host,
    rig,
  }) => {
    test.setTimeout(150_000);
    await ready(page, host.url, rig);
    const far = await startBaresip({ pbxPort: rig.udpPort, user: '2001', codecs: [codec] });
    try {
      await far.command('dial', `sip:${OPERATOR.user}@127.0.0.1:${rig.udpPort}`);
      const incoming = page.getByTestId('call-incoming');
      await expect(incoming).toBeVisible({ timeout: 15_000 });
      await incoming.getByTestId('call-answer').click();
      await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
      await far.waitEvent((e) => e.type === 'CALL_ESTABLISHED');
      await expect.poll(() => received(page), { timeout: 10_000 }).toBeGreaterThan(50);
      await expect.poll(async () => (await mediaStats(page))[0]?.packetsSent ?? 0, { timeout: 10_000 }).toBeGreaterThan(50);
      expect((await mediaStats(page))[0]?.codec?.toLowerCase()).toContain(codec.split('/')[0]?.toLowerCase());

      // Hold and resume from the console; audio comes back after the resume.
      await page.getByTestId('call-hold').click();
      await expect(page.getByTestId('call-held')).toBeVisible();
      await page.getByTestId('call-swap').click();
      await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
      const before = await received(page);
      await expect.poll(() => received(page), { timeout: 10_000 }).toBeGreaterThan(before + 25);

      await dtmfToBaresip(page, far);

      // baresip → console: every digit reaches the console's leg (rtpengine logs the RFC 4733
      // events it forwards; the browser exposes no received DTMF).
      const seen = rig.rtpengine?.dtmf().length ?? 0;
      await far.command('sndcode', DIGITS);
      await expect
        .poll(
          () =>
            (rig.rtpengine?.dtmf() ?? [])
              .slice(seen)
              .map((e) => DIGITS[Number(e.event)] ?? '?')
              .join(''),
          { timeout: 10_000 },
        )
        .toBe(DIGITS);

      const closed = far.events.length;
      await far.command('hangup');
      await expect(page.getByTestId('call-active')).toHaveCount(0);
      await far.waitEvent((e) => e.type === 'CALL_CLOSED', { since: closed });
    } finally {
      await far.stop();
    }
  });
}

test('the console calls baresip (opus): it answers, audio both ways, every DTMF digit arrives, the console hangs up', async ({ page, host, rig }) => {
  test.setTimeout(120_000);
  await ready(page, host.url, rig);
  const far = await startBaresip({ pbxPort: rig.udpPort, user: '2001', codecs: ['opus/48000/2'], autoAnswer: true });
  try {
    await page.getByTestId('dial-input').fill('2001');
    await page.getByTestId('dial-input').press('Enter');
    await far.waitEvent((e) => e.type === 'CALL_ESTABLISHED', { timeoutMs: 15_000 });
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await expect.poll(() => received(page), { timeout: 10_000 }).toBeGreaterThan(50);
    await expect.poll(async () => (await mediaStats(page))[0]?.packetsSent ?? 0, { timeout: 10_000 }).toBeGreaterThan(50);
    await dtmfToBaresip(page, far);
    await page.keyboard.press('Control+Shift+E');
    await far.waitEvent((e) => e.type === 'CALL_CLOSED');
  } finally {
    await far.stop();
  }
});

test('blind transfer with baresip as the transferee: it dials the Refer-To (the PBX with its port), reports 200 by NOTIFY, the operator sees «Перевод выполнен»', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(150_000);
  await ready(page, host.url, rig);
  const caller = await startBaresip({ pbxPort: rig.udpPort, user: '2001', codecs: ['PCMA'] });
  const colleague = await startBaresip({ pbxPort: rig.udpPort, user: '2002', codecs: ['PCMA'], autoAnswer: true }).catch(async (err: unknown) => {
    await caller.stop();
    throw err;
  });
  try {
    await caller.command('dial', `sip:${OPERATOR.user}@127.0.0.1:${rig.udpPort}`);
    await page.getByTestId('call-incoming').getByTestId('call-answer').click({ timeout: 15_000 });
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await caller.waitEvent((e) => e.type === 'CALL_ESTABLISHED');
    await page.getByTestId('call-transfer').click();
    await page.getByTestId('transfer-target').fill('2002');
    await page.getByTestId('transfer-target').press('Enter');
    // baresip calls sip:2002@127.0.0.1:<PBX port>; without the port it would dial 5060 and fail.
    await colleague.waitEvent((e) => e.type === 'CALL_ESTABLISHED', { timeoutMs: 15_000 });
    await expect(page.getByTestId('call-active')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByTestId('wrapup-form').getByTestId('transfer-result')).toHaveText('Перевод выполнен');
    await page.getByTestId('wrapup-skip').click();
  } finally {
    await caller.stop();
    await colleague.stop();
  }
});

test('early media: baresip answers the console 180 + 183 with SDP; the PBX plays its announcement; the console plays it before the 200 and says it is not the person yet', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(120_000);
  await ready(page, host.url, rig);
  const far = await startBaresip({ pbxPort: rig.udpPort, user: '2002', codecs: ['PCMA'], answerMode: 'early' });
  const dir = mkdtempSync(join(tmpdir(), 'announce-'));
  try {
    await page.getByTestId('dial-input').fill('2002');
    await page.getByTestId('dial-input').press('Enter');
    // baresip's 183 carried SDP and it already hears the console (early media is two-way).
    const rtp = await far.waitEvent((e) => e.type === 'CALL_RTPESTAB', { timeoutMs: 15_000 });
    const callId = rtp.id ?? '';
    const dialing = page.getByTestId('call-active');
    await expect(dialing).toHaveAttribute('data-state', 'dialing');
    await expect(dialing.getByTestId('call-early-media')).toHaveText('Сообщение до ответа: это автоответчик или сеть, не абонент');

    // baresip 1.0 starts its own audio source only when it answers (its `answermode early` sends
    // the 183 and plays what it receives): the announcement before answer comes from the PBX's
    // media server, as from a real PBX, into the console's leg of the same early dialog.
    const legs = (await rig.rtpengine?.legs(callId)) ?? [];
    const consoleLeg = legs.find((l) => l.protocol.includes('SAVPF'));
    // Measured here: baresip's leg carries 0 packets before its 200.
    expect(legs.find((l) => l !== consoleLeg)?.packets, JSON.stringify(legs)).toBe(0);
    expect(consoleLeg, JSON.stringify(legs)).toBeDefined();
    const file = join(dir, 'announcement.wav');
    writeFileSync(file, wavTone(20));
    await rig.rtpengine?.playMedia(callId, consoleLeg?.tag ?? '', file);
    // The console plays the announcement while dialing: RTP arrives (getStats inbound-rtp) and
    // the decoded track has a level. rtpengine's player sends under its own SSRC, not the one
    // baresip named in its 183: the media engine must not pin the far end's SSRC.
    await expect.poll(() => received(page), { timeout: 10_000 }).toBeGreaterThan(20);
    await expect.poll(async () => (await mediaStats(page))[0]?.audioLevel ?? 0, { timeout: 5_000 }).toBeGreaterThan(0.01);
    // Still before the answer: the console is dialing, baresip has not established the call.
    await expect(dialing).toHaveAttribute('data-state', 'dialing');
    expect(far.events.some((e) => e.type === 'CALL_ESTABLISHED')).toBe(false);

    // The PBX ends its announcement and the phone answers: the console now plays baresip's tone.
    await rig.rtpengine?.stopMedia(callId, consoleLeg?.tag ?? '');
    await far.command('accept');
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active', { timeout: 15_000 });
    await expect(page.getByTestId('call-early-media')).toHaveCount(0);
    await far.waitEvent((e) => e.type === 'CALL_ESTABLISHED');
    const before = await received(page);
    await expect.poll(() => received(page), { timeout: 10_000 }).toBeGreaterThan(before + 25);
    await expect.poll(async () => (await mediaStats(page))[0]?.audioLevel ?? 0, { timeout: 5_000 }).toBeGreaterThan(0.01);
    await page.keyboard.press('Control+Shift+E');
    await far.waitEvent((e) => e.type === 'CALL_CLOSED');
    await page.getByTestId('wrapup-skip').click();
  } finally {
    await far.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The customer (baresip A) calls in and is answered; the operator holds them and calls the colleague (baresip B), who answers. */
async function consultation(page: Page, customer: Baresip, colleague: Baresip, rigUdpPort: number): Promise<void> {
  await customer.command('dial', `sip:${OPERATOR.user}@127.0.0.1:${rigUdpPort}`);
  await page.getByTestId('call-incoming').getByTestId('call-answer').click({ timeout: 15_000 });
  await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
  await customer.waitEvent((e) => e.type === 'CALL_ESTABLISHED');
  await page.getByTestId('call-hold').click();
  await expect(page.getByTestId('call-held')).toBeVisible();
  await page.getByTestId('dial-input').fill('2002');
  await page.getByTestId('dial-input').press('Enter');
  await colleague.waitEvent((e) => e.type === 'CALL_ESTABLISHED', { timeoutMs: 15_000 });
  await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
}

test('attended transfer between two baresips: customer on hold, consultation, REFER with Replaces; customer and colleague talk, the console shows «Перевод выполнен»', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(150_000);
  await ready(page, host.url, rig);
  const customer = await startBaresip({ pbxPort: rig.udpPort, user: '2001', codecs: ['PCMA'] });
  const colleague = await startBaresip({ pbxPort: rig.udpPort, user: '2002', codecs: ['PCMA'], autoAnswer: true }).catch(async (err: unknown) => {
    await customer.stop();
    throw err;
  });
  try {
    await consultation(page, customer, colleague, rig.udpPort);
    const consultId = colleague.events.find((e) => e.type === 'CALL_ESTABLISHED')?.id;
    const customerLeg = customer.events.find((e) => e.type === 'CALL_ESTABLISHED')?.id;
    await page.getByTestId('call-transfer').click();
    const since = { customer: customer.events.length, colleague: colleague.events.length };
    await page.getByTestId('transfer-attended').click();

    // The customer's phone took the REFER (Refer-To: the colleague with ?Replaces=) and called
    // the colleague; both report the new call established, and RTP arrives on both sides of it.
    const transferred = await customer.waitEvent((e) => e.type === 'TRANSFER', { since: since.customer, timeoutMs: 15_000 });
    expect(transferred.param).toMatch(/Replaces=/);
    const joined = await customer.waitEvent((e) => e.type === 'CALL_ESTABLISHED', { since: since.customer, timeoutMs: 15_000 });
    expect(joined.id).not.toBe(customerLeg);
    await colleague.waitEvent((e) => e.type === 'CALL_ESTABLISHED' && e.id === joined.id && /^sip:2001@/.test(e.peeruri ?? ''), { since: since.colleague });
    await customer.waitEvent((e) => e.type === 'CALL_RTPESTAB' && e.id === joined.id, { since: since.customer });
    await colleague.waitEvent((e) => e.type === 'CALL_RTPESTAB' && e.id === joined.id, { since: since.colleague });

    // The console left both of its calls: the customer's after the NOTIFY 200 (sipfrag), the
    // consultation by its own BYE (baresip 1.0 does not honour Replaces, so the colleague keeps
    // that dialog until the console ends it).
    await customer.waitEvent((e) => e.type === 'CALL_CLOSED' && e.id === customerLeg, { since: since.customer });
    await colleague.waitEvent((e) => e.type === 'CALL_CLOSED' && e.id === consultId, { since: since.colleague, timeoutMs: 15_000 });
    await expect(page.getByTestId('call-active')).toHaveCount(0);
    await expect(page.getByTestId('call-held')).toHaveCount(0);
    await expect(page.getByTestId('wrapup-form').getByTestId('transfer-result')).toHaveText('Перевод выполнен');
    await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'wrap-up');
    // The two baresips are still talking to each other after the console has left.
    expect(customer.events.slice(since.customer).some((e) => e.type === 'CALL_CLOSED' && e.id === joined.id)).toBe(false);
    expect(colleague.events.slice(since.colleague).some((e) => e.type === 'CALL_CLOSED' && e.id === joined.id)).toBe(false);
    await page.getByTestId('wrapup-skip').click();
  } finally {
    await customer.stop();
    await colleague.stop();
  }
});

test('attended transfer, the colleague hangs up during the consultation: the console keeps the customer on hold and says so; resuming brings the talk back', async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(150_000);
  await ready(page, host.url, rig);
  const customer = await startBaresip({ pbxPort: rig.udpPort, user: '2001', codecs: ['PCMA'] });
  const colleague = await startBaresip({ pbxPort: rig.udpPort, user: '2002', codecs: ['PCMA'], autoAnswer: true }).catch(async (err: unknown) => {
    await customer.stop();
    throw err;
  });
  try {
    await consultation(page, customer, colleague, rig.udpPort);
    const since = customer.events.length;
    await colleague.command('hangup');
    await expect(page.getByTestId('call-active')).toHaveCount(0);
    const held = page.getByTestId('call-held');
    await expect(held).toBeVisible();
    await expect(held.getByTestId('consult-ended')).toHaveText(
      'Консультация завершена, перевод не выполнен. Абонент 2001 на удержании — снимите с удержания, чтобы продолжить.',
    );
    await expect(page.getByTestId('wrapup-form')).toHaveCount(0);
    expect(customer.events.slice(since).some((e) => e.type === 'CALL_CLOSED')).toBe(false);

    await held.getByTestId('call-swap').click();
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await expect(page.getByTestId('consult-ended')).toHaveCount(0);
    const before = await received(page);
    await expect.poll(() => received(page), { timeout: 10_000 }).toBeGreaterThan(before + 25);
    await page.keyboard.press('Control+Shift+E');
    await customer.waitEvent((e) => e.type === 'CALL_CLOSED', { since });
  } finally {
    await customer.stop();
    await colleague.stop();
  }
});

test("attended transfer refused: the colleague's phone rejects the customer's call (486); the customer stays on hold with the console, the held line says why, the consultation goes on", async ({
  page,
  host,
  rig,
}) => {
  test.setTimeout(150_000);
  await ready(page, host.url, rig);
  const customer = await startBaresip({ pbxPort: rig.udpPort, user: '2001', codecs: ['PCMA'] });
  // Answers by command: the consultation is accepted, the customer's transfer call is not.
  const colleague = await startBaresip({ pbxPort: rig.udpPort, user: '2002', codecs: ['PCMA'] }).catch(async (err: unknown) => {
    await customer.stop();
    throw err;
  });
  try {
    await customer.command('dial', `sip:${OPERATOR.user}@127.0.0.1:${rig.udpPort}`);
    await page.getByTestId('call-incoming').getByTestId('call-answer').click({ timeout: 15_000 });
    await customer.waitEvent((e) => e.type === 'CALL_ESTABLISHED');
    await page.getByTestId('call-hold').click();
    await expect(page.getByTestId('call-held')).toBeVisible();
    await page.getByTestId('dial-input').fill('2002');
    await page.getByTestId('dial-input').press('Enter');
    await colleague.waitEvent((e) => e.type === 'CALL_INCOMING', { timeoutMs: 15_000 });
    await colleague.command('accept');
    const consult = await colleague.waitEvent((e) => e.type === 'CALL_ESTABLISHED', { timeoutMs: 15_000 });
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');

    await page.getByTestId('call-transfer').click();
    const since = { customer: customer.events.length, colleague: colleague.events.length };
    await page.getByTestId('transfer-attended').click();
    // The customer's phone calls the colleague's; the colleague rejects that call (its newest).
    const incoming = await colleague.waitEvent((e) => e.type === 'CALL_INCOMING', { since: since.colleague, timeoutMs: 15_000 });
    expect(incoming.peeruri).toMatch(/^sip:2001@/);
    await colleague.command('hangup');
    await customer.waitEvent((e) => e.type === 'CALL_CLOSED' && /486/.test(e.param ?? ''), { since: since.customer });

    // The customer's NOTIFY (sipfrag 486) reaches the console: the held line says so, both lines stay.
    const held = page.getByTestId('call-held');
    await expect(held.getByTestId('transfer-result')).toHaveAttribute('data-state', 'failed');
    await expect(held.getByTestId('transfer-result')).toHaveText('Перевод не удался: абонент занят. Звонок остаётся у вас.');
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    const customerCall = customer.events.find((e) => e.type === 'CALL_ESTABLISHED')?.id;
    expect(customer.events.some((e) => e.type === 'CALL_CLOSED' && e.id === customerCall)).toBe(false);
    expect(colleague.events.some((e) => e.type === 'CALL_CLOSED' && e.id === consult.id)).toBe(false);

    // The operator ends the consultation and goes back to the customer.
    await page.getByTestId('call-active').getByTestId('call-hangup').click();
    await colleague.waitEvent((e) => e.type === 'CALL_CLOSED' && e.id === consult.id);
    await held.getByTestId('call-swap').click();
    await expect(page.getByTestId('call-active')).toHaveAttribute('data-state', 'active');
    await page.keyboard.press('Control+Shift+E');
    await customer.waitEvent((e) => e.type === 'CALL_CLOSED' && e.id === customerCall);
  } finally {
    await customer.stop();
    await colleague.stop();
  }
});
