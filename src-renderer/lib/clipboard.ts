/**
 * Copy text for the operator to paste into a mail or messenger. The async Clipboard API needs a
 * secure context (127.0.0.1 and file:// in Electron are); the textarea fallback covers the rest.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch (err) {
    console.warn('clipboard API refused, trying the selection fallback', err);
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'sr-only';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } finally {
    area.remove();
  }
}
