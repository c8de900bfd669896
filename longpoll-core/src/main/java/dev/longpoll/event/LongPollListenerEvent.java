package dev.longpoll.event;

import org.springframework.context.ApplicationEvent;

import dev.longpoll.container.LongPollContainer;

/**
 * Base of the application events a long-poll listener publishes.
 */
public abstract class LongPollListenerEvent extends ApplicationEvent {

	protected LongPollListenerEvent(LongPollContainer container) {
		super(container);
	}

	/**
	 * The listener the event is about.
	 * @return the container
	 */
	public LongPollContainer getContainer() {
		return (LongPollContainer) getSource();
	}

	/**
	 * The id of the listener.
	 * @return the id
	 */
	public String getListenerId() {
		return getContainer().id();
	}

}
