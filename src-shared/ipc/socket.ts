/**
 * Limits and close codes of browser mode's WebSocket (the contract's second transport), shared by
 * the host (src-main/web) and the renderer's transport (src-renderer/api/wsTransport.ts), so both
 * ends agree on what a close means and the renderer never trips the host's request bound.
 */

/** WebSocket close codes the host uses on purpose (4000–4999 are application codes, RFC 6455 §7.4.2). */
export const WS_CLOSE = {
  /** Missing or wrong per-start token, or a foreign Origin: only a new link from the terminal helps. */
  unauthorized: 4401,
  /**
   * The connection stopped reading and its outgoing queue passed `MAX_BUFFERED_BYTES`: the host
   * dropped it rather than grow without limit. Harmless for a live page: it reconnects at once and
   * refetches what it may have missed.
   */
  slowConsumer: 4429,
} as const;

/** Unread bytes a connection may have queued on the host before it is dropped as a slow consumer. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Requests one connection may have in flight (received, not yet answered). Past it the host
 * answers BUSY at once instead of queueing more work; the renderer keeps its own requests under it.
 */
export const MAX_IN_FLIGHT = 64;
