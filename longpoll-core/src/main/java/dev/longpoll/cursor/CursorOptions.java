package dev.longpoll.cursor;

import org.jspecify.annotations.Nullable;

/**
 * A listener's cursor: where it comes from and goes to, which response headers are
 * echoed with it, where it starts, where it is kept and how it recovers.
 *
 * @param strategy reads the cursor from responses and puts it on requests
 * @param headerEcho response headers sent back on the next request
 * @param initial the cursor of the first poll, or {@code null}
 * @param store where committed positions are kept
 * @param recovery what to do when the cursor expires or goes backwards
 * @param idleWhenUnchanged whether a response whose cursor equals the current one is an
 * idle hold (the server repeats its state when nothing changed, as Consul's blocking
 * queries do) rather than events
 */
public record CursorOptions(CursorStrategy strategy, HeaderEcho headerEcho, @Nullable String initial,
		CursorStore store, CursorRecovery recovery, boolean idleWhenUnchanged) {

	/**
	 * The position of a first poll, and after a reset: the initial cursor, no echoed
	 * header.
	 * @return the initial position
	 */
	public CursorPosition initialPosition() {
		return CursorPosition.of(this.initial);
	}

}
