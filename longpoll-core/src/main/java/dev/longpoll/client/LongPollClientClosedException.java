package dev.longpoll.client;

/**
 * The HTTP client was closed (its application context is closing or closed): no poll can
 * be sent any more. A listener that gets it stops at once, with the reason
 * {@code CLIENT_CLOSED}, instead of retrying on resources that are gone.
 */
public class LongPollClientClosedException extends IllegalStateException {

	/**
	 * Create an exception.
	 * @param listenerId the listener whose poll was refused
	 */
	public LongPollClientClosedException(String listenerId) {
		super("Listener '" + listenerId + "': the long-poll HTTP client was closed (its application context is"
				+ " closing or closed), so no poll can be sent");
	}

}
