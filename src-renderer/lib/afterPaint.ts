/**
 * Runs `fn` once the frame being prepared has been painted, and returns a cancel. What a ringing
 * call needs first is its number and Answer button on screen; the ring tone, the notification and
 * the caller card follow a frame later instead of delaying that paint (issue 11 item 5: every
 * effect of the render that adds the button runs in the same task, before the browser paints).
 *
 * A frame callback runs just before the paint; a task queued from it runs after. A hidden window
 * paints nothing and gets no frame callbacks, so there (and if no frame comes in `fallbackMs`, a
 * busy or throttled page) a timer runs `fn` instead: it must never wait for the window to be shown.
 */
export function afterPaint(fn: () => void, fallbackMs = 100): () => void {
  let done = false;
  let frame: number | null = null;
  let task: ReturnType<typeof setTimeout> | null = null;
  let fallback: ReturnType<typeof setTimeout> | null = null;
  const cancel = (): void => {
    done = true;
    if (frame !== null) cancelAnimationFrame(frame);
    if (task !== null) clearTimeout(task);
    if (fallback !== null) clearTimeout(fallback);
  };
  const run = (): void => {
    if (done) return;
    cancel();
    fn();
  };
  if (document.visibilityState === 'hidden') {
    task = setTimeout(run, 0);
    return cancel;
  }
  frame = requestAnimationFrame(() => {
    frame = null;
    task = setTimeout(run, 0);
  });
  fallback = setTimeout(run, fallbackMs);
  return cancel;
}
