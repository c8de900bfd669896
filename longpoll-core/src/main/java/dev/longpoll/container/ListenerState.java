package dev.longpoll.container;

/**
 * The life of one listener.
 */
public enum ListenerState {

	/** Registered, never started. */
	CREATED,

	/** Polling, or waiting to poll again after a failure. */
	RUNNING,

	/** Paused on request; no poll in flight; resumes where it stopped. */
	PAUSED,

	/** Stop requested; waiting for the handler call in progress to finish. */
	STOPPING,

	/** Stopped on request; may be started again. */
	STOPPED,

	/** Stopped by itself: a fatal status, or the backoff gave up. May be started again. */
	FAILED;

	/**
	 * Whether a listener in this state may be started.
	 * @return whether {@code start()} has an effect
	 */
	public boolean isStartable() {
		return this == CREATED || this == STOPPED || this == FAILED;
	}

	/**
	 * Whether a listener in this state runs (polling, paused, or finishing a handler call
	 * before it stops): what a stop has to end.
	 * @return whether it is running, paused or stopping
	 */
	public boolean isActive() {
		return this == RUNNING || this == PAUSED || this == STOPPING;
	}

}
