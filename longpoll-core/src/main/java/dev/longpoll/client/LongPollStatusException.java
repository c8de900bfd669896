package dev.longpoll.client;

/**
 * The server answered with a status that is not a success.
 */
public class LongPollStatusException extends RuntimeException {

	private final int status;

	public LongPollStatusException(String listenerId, LongPollResponse response, String consequence) {
		super("Listener '" + listenerId + "': HTTP " + response.status() + consequence
				+ (response.hasEmptyBody() ? "" : "; body starts with: " + response.bodyExcerpt()));
		this.status = response.status();
	}

	public int getStatus() {
		return this.status;
	}

}
