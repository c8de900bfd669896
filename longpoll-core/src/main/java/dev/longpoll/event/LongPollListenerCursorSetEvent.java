package dev.longpoll.event;

import org.jspecify.annotations.Nullable;

import dev.longpoll.container.LongPollContainer;

/**
 * A long-poll listener's cursor was set on request (a seek or a reset through the
 * registry or the actuator endpoint) and saved; its next poll starts there.
 */
public class LongPollListenerCursorSetEvent extends LongPollListenerEvent {

	private final @Nullable String previous;

	private final @Nullable String current;

	public LongPollListenerCursorSetEvent(LongPollContainer container, @Nullable String previous,
			@Nullable String current) {
		super(container);
		this.previous = previous;
		this.current = current;
	}

	/**
	 * The cursor the listener left.
	 * @return the cursor, or {@code null} for none
	 */
	public @Nullable String getPrevious() {
		return this.previous;
	}

	/**
	 * The cursor the listener polls from next.
	 * @return the cursor, or {@code null} for none
	 */
	public @Nullable String getCurrent() {
		return this.current;
	}

}
