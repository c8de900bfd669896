package dev.longpoll.cursor;

import org.jspecify.annotations.Nullable;

/**
 * A listener's cursor: where it comes from and goes to, which response headers are
 * echoed with it, where it starts, where it is kept and how it recovers.
 *
 * @param strategy reads the cursor from responses and puts it on requests
 * @param headerEcho response headers sent back on the next request
 * @param initial the cursor of the first poll, or {@code null}
 * @param store where committed cursors are kept
 * @param recovery what to do when the cursor expires or goes backwards
 */
public record CursorOptions(CursorStrategy strategy, HeaderEcho headerEcho, @Nullable String initial,
		CursorStore store, CursorRecovery recovery) {

}
