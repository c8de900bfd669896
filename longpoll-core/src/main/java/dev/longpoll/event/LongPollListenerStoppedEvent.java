package dev.longpoll.event;

import org.jspecify.annotations.Nullable;

import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.StopReason;

/**
 * A long-poll listener stopped: on request, on a fatal status, or because its backoff gave
 * up.
 */
public class LongPollListenerStoppedEvent extends LongPollListenerEvent {

	private final StopReason reason;

	private final @Nullable Throwable cause;

	public LongPollListenerStoppedEvent(LongPollContainer container, StopReason reason, @Nullable Throwable cause) {
		super(container);
		this.reason = reason;
		this.cause = cause;
	}

	public StopReason getReason() {
		return this.reason;
	}

	/**
	 * The failure that stopped the listener.
	 * @return the failure, or {@code null} when stopped on request
	 */
	public @Nullable Throwable getCause() {
		return this.cause;
	}

}
