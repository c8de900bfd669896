package dev.longpoll.client;

import java.time.Duration;

/**
 * No complete response arrived within the listener's client timeout. It tells how far the
 * exchange got, because a server that sent its status line and is still holding the body
 * is a server that has nothing new, not one that is down.
 */
public class LongPollTimeoutException extends RuntimeException {

	private final int status;

	private final boolean bodyStarted;

	/**
	 * Create an exception.
	 * @param listenerId the listener
	 * @param timeout the client timeout
	 * @param status the status of the response whose headers arrived, or {@code 0} when
	 * none did
	 * @param bodyStarted whether any byte of the body arrived
	 */
	public LongPollTimeoutException(String listenerId, Duration timeout, int status, boolean bodyStarted) {
		super("Listener '" + listenerId + "': no complete response within the client timeout (" + timeout + ")"
				+ ((status == 0) ? ", not even a status line"
						: bodyStarted ? ", the body of a " + status + " response was still arriving"
								: ", a " + status + " status line arrived but no body"));
		this.status = status;
		this.bodyStarted = bodyStarted;
	}

	/**
	 * The status of the response whose headers arrived before the timeout.
	 * @return the status, or {@code 0} when no status line arrived
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Whether part of the body arrived before the timeout.
	 * @return whether the body had started
	 */
	public boolean isBodyStarted() {
		return this.bodyStarted;
	}

}
