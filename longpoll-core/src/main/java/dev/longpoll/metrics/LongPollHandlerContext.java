package dev.longpoll.metrics;

import io.micrometer.observation.Observation;

/**
 * What the observation of one handler call knows: the listener and how many events it
 * was given.
 */
public class LongPollHandlerContext extends Observation.Context {

	private final String listenerId;

	private int events;

	/**
	 * Create a context.
	 * @param listenerId the listener
	 */
	public LongPollHandlerContext(String listenerId) {
		this.listenerId = listenerId;
	}

	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * How many events the handler took.
	 * @return the count, {@code 0} until it completed
	 */
	public int getEvents() {
		return this.events;
	}

	public void setEvents(int events) {
		this.events = events;
	}

}
