package dev.longpoll.cursor;

/**
 * A cursor breaks one of the {@link CursorRules}: it cannot be sent, so it is neither used
 * nor stored. The actuator answers it with 400.
 */
public class InvalidCursorException extends IllegalArgumentException {

	/**
	 * Create an exception.
	 * @param message names the listener and the rule
	 */
	public InvalidCursorException(String message) {
		super(message);
	}

}
