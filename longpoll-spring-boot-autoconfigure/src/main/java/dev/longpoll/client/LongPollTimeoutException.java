package dev.longpoll.client;

import java.time.Duration;

/**
 * No complete response arrived within the listener's client timeout.
 */
public class LongPollTimeoutException extends RuntimeException {

	public LongPollTimeoutException(String listenerId, Duration timeout) {
		super("Listener '" + listenerId + "': no complete response within the client timeout (" + timeout + ")");
	}

}
