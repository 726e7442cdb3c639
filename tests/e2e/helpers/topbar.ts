/** The top bar at 1280×800: everything in it whole and inside it (UX.md: nothing important hides). */
import type { Page } from '@playwright/test';

/**
 * What in the top bar (and the desk context at the end of the tab strip) is clipped, in words:
 * an element whose text is cut (scrollWidth beyond clientWidth while it hides overflow) or that
 * sticks out past its bar's right edge (the clock pushed off). An empty list when all fits.
 */
export async function topBarClipped(page: Page): Promise<string[]> {
  const top = await clippedIn(page, 'topbar');
  return [...top, ...(await clippedIn(page, 'desk-context'))];
}

function clippedIn(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).evaluate((bar) => {
    const right = bar.getBoundingClientRect().right;
    const out: string[] = [];
    for (const el of bar.querySelectorAll<HTMLElement>('*')) {
      // Hidden helpers (sr-only) and the open agent menu (a popup below the bar) are not the bar.
      if (el.closest('[role="menu"], .sr-only') || el.getClientRects().length === 0) continue;
      const name = el.dataset['testid'] ?? (el.getAttribute('class') || el.tagName.toLowerCase());
      const text = (el.textContent ?? '').trim().slice(0, 50);
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
        out.push(`${name} «${text}» cut: ${el.scrollWidth} > ${el.clientWidth}`);
      if (el.getBoundingClientRect().right > right + 1) out.push(`${name} «${text}» past the bar's edge`);
    }
    return out;
  });
}
