package dev.longpoll.event;

import dev.longpoll.container.LongPollContainer;

/**
 * A long-poll listener started (or resumed).
 */
public class LongPollListenerStartedEvent extends LongPollListenerEvent {

	public LongPollListenerStartedEvent(LongPollContainer container) {
		super(container);
	}

}
