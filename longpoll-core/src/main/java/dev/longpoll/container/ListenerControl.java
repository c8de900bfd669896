package dev.longpoll.container;

import org.jspecify.annotations.Nullable;

/**
 * A control asked by hand for one listener (through the registry or the actuator), which
 * a {@link ListenerCoordinator} may apply wherever the listener runs.
 *
 * @param action what is asked
 * @param cursor the cursor to move to, for {@link Action#SEEK}
 */
public record ListenerControl(Action action, @Nullable String cursor) {

	/**
	 * A control without a cursor.
	 * @param action what is asked
	 * @return the control
	 */
	public static ListenerControl of(Action action) {
		return new ListenerControl(action, null);
	}

	/**
	 * What is asked.
	 */
	public enum Action {

		/** Poll (again). */
		START,

		/** Stop polling, until started. */
		STOP,

		/** Pause, until resumed. */
		PAUSE,

		/** Resume a paused listener. */
		RESUME,

		/** Move to a cursor. */
		SEEK,

		/** Move back to the initial position. */
		RESET_CURSOR

	}

}
