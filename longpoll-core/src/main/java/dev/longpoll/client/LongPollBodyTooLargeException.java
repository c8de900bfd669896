package dev.longpoll.client;

/**
 * A response body was larger than the listener's {@code max-body-size}; it was not read.
 */
public class LongPollBodyTooLargeException extends RuntimeException {

	public LongPollBodyTooLargeException(String listenerId, int status, int maxBodySize) {
		super("Listener '" + listenerId + "': response body with status " + status + " is larger than 'max-body-size' ("
				+ maxBodySize + " bytes); raise 'longpoll.listeners." + listenerId
				+ ".max-body-size' if the feed really sends such bodies");
	}

}
