package dev.longpoll.container;

/**
 * No listener is registered under an id.
 */
public class NoSuchListenerException extends IllegalArgumentException {

	public NoSuchListenerException(String id) {
		super("No long-poll listener with id '" + id + "'");
	}

}
