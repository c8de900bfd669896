package dev.longpoll.metrics;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the observation of one poll cycle knows: the listener, and once the cycle ended,
 * how it ended.
 */
public class LongPollCycleContext extends Observation.Context {

	private final String listenerId;

	private @Nullable String outcome;

	private int status;

	/**
	 * Create a context.
	 * @param listenerId the listener
	 */
	public LongPollCycleContext(String listenerId) {
		this.listenerId = listenerId;
	}

	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * How the cycle ended, such as {@code events} or {@code idle}.
	 * @return the outcome, or {@code null} while it runs
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	public void setOutcome(@Nullable String outcome) {
		this.outcome = outcome;
	}

	/**
	 * The HTTP status of the response.
	 * @return the status, or {@code 0} when there was none
	 */
	public int getStatus() {
		return this.status;
	}

	public void setStatus(int status) {
		this.status = status;
	}

}
