/**
 * No English on a Russian screen (issue 11 item 3): the visible text of a page and its
 * aria-labels, titles and placeholders, scanned for Latin-only words outside an allow-list of
 * what a Russian desk does write in Latin (protocols, units, brand names, sample addresses).
 */
import type { Page } from '@playwright/test';

/** Latin words a Russian operator reads as such. Lower-case; compared case-insensitively. */
export const ALLOWED_LATIN = new Set([
  'sip',
  'sips',
  'dtmf',
  'e',
  'mail',
  'email',
  'ws',
  'websocket', // the protocol's name, as admins write it («Сервер WebSocket»)
  'wss',
  'pbx',
  'uri',
  'csv',
  'utf',
  'sha', // SHA-256, the hash's name
  'sms',
  'id',
  'opus',
  'pcma',
  'pcmu',
  'wi',
  'fi',
  'wifi',
  'usb',
  'ip',
  'ok',
  'sla',
  'tv',
  'iptv',
  'pppoe',
  'dhcp',
  'dns',
  'mac',
  'lan',
  'wan',
  'onu',
  'gpon',
  'adsl',
  'hdmi',
  'wps',
  'saas',
  'crm',
  'api',
  'http',
  'https',
  'www',
  'example',
  'ru',
  'com',
  'ivanov',
  'pbx',
  'localhost',
  'chromium',
  'electron',
  'windows',
  'linux',
  'macos',
  'android',
  'ios',
  'google',
  'yandex',
  'telegram',
  'whatsapp',
  'viber',
  'kb',
  'mb',
  'gb',
  'ms',
  // key names, as written on the keys
  'esc',
  'enter',
  'alt',
  'ctrl',
  'shift',
  'tab',
  'space',
  'home',
  'end',
  'pgup',
  'pgdn',
]);

/** Latin-only words of a text outside the allow-list (digits and sample e-mails/SIP URIs removed). */
export function englishWords(text: string): string[] {
  const cleaned = text
    .replace(/\bU\+[0-9A-F]{4,6}\b/g, ' ')
    .replace(/\b(?:Ctrl|Alt|Shift)\+[A-Za-z0-9]\b/g, ' ') // a shortcut names the key as printed on it
    .replace(/\b[\w.+-]+@[\w.-]+\b/g, ' ') // an address is data, not a word of the UI
    .replace(/«[^«»\s]+\.[A-Za-z0-9]{1,8}»/g, ' ') // so is a file name a sentence quotes («router.log»)
    .replace(/\b(?:wss?|https?):\/\/\S+/g, ' ') // so is a sample address
    .replace(/\bsips?:\S+/g, ' ');
  return (cleaned.match(/[A-Za-z]+/g) ?? []).filter((w) => !ALLOWED_LATIN.has(w.toLowerCase()));
}

/**
 * The English of the page as "word ← where" lines: visible text nodes, aria-label, title and
 * placeholder of every element (except inside an element whose `lang` is not Russian). Data the
 * operator typed or the directory holds is not UI text:
 * inputs' values are not read, and elements marked `data-user-text` are skipped; so are keys (`kbd`)
 * and literal values to type as they are (`code`: a CSV status word, an ISO instant).
 */
export async function englishOnPage(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: { text: string; where: string }[] = [];
    // An element marked as another language (the language switch's «English») is that language
    // on purpose; everything else inherits the page's `lang`.
    const skip = (el: Element | null) =>
      el?.closest('[data-user-text], kbd, code, script, style, noscript, [hidden], [aria-hidden="true"]') !== null ||
      (el?.closest('[lang]')?.getAttribute('lang') ?? 'ru') !== 'ru';
    const where = (el: Element) => {
      const tid = el.closest('[data-testid]')?.getAttribute('data-testid');
      return `${el.tagName.toLowerCase()}${tid ? `[${tid}]` : ''}`;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el) || !(n.textContent ?? '').trim()) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0 && !el.closest('.sr-only')) continue;
      out.push({ text: n.textContent ?? '', where: where(el) });
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder]')) {
      if (skip(el)) continue;
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) out.push({ text: v, where: `${where(el)}@${a}` });
      }
    }
    return out;
  });
  const found: string[] = [];
  for (const { text, where } of texts) {
    const words = englishWords(text);
    if (words.length) found.push(`${words.join(' ')} ← ${where}: «${text.trim().slice(0, 120)}»`);
  }
  return [...new Set(found)];
}
