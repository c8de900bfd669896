package dev.longpoll.logging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.longpoll.client.UrlRedactor;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.container.PollOutcome;
import dev.longpoll.container.StopReason;

/**
 * Calm logs: INFO on start, stop and recovery; WARN on the first failure of a streak and
 * then at most one summary line per interval; ERROR when a listener stops by itself;
 * DEBUG for each poll. No stack trace for failures unless DEBUG is on.
 */
public class LoggingLongPollObserver implements LongPollObserver {

	private static final Log logger = LogFactory.getLog("dev.longpoll");

	private final Duration summaryInterval;

	private final Map<String, Long> lastSummary = new ConcurrentHashMap<>();

	/**
	 * Create an observer.
	 * @param summaryInterval the least time between two lines about the same failure
	 * streak
	 */
	public LoggingLongPollObserver(Duration summaryInterval) {
		this.summaryInterval = summaryInterval;
	}

	@Override
	public void onStateChanged(LongPollContainer container, ListenerState previous, ListenerState state) {
		if (state == ListenerState.RUNNING && previous != ListenerState.PAUSED) {
			logger.info("Long-poll listener '" + container.id() + "' started: " + container.endpoint().method() + " "
					+ UrlRedactor.redact(container.endpoint().url()));
		}
		else if (state == ListenerState.PAUSED || previous == ListenerState.PAUSED) {
			logger.info("Long-poll listener '" + container.id() + "' " + (state == ListenerState.PAUSED ? "paused"
					: "resumed"));
		}
	}

	@Override
	public void onPollCompleted(LongPollContainer container, PollOutcome outcome, int status, Duration duration) {
		if (logger.isDebugEnabled()) {
			logger.debug("Long-poll listener '" + container.id() + "': poll ended " + outcome + " (status " + status
					+ ") after " + duration.toMillis() + " ms");
		}
	}

	@Override
	public void onFailure(LongPollContainer container, Throwable cause, int consecutiveFailures,
			Duration nextDelay) {
		long now = System.nanoTime();
		if (consecutiveFailures == 1) {
			this.lastSummary.put(container.id(), now);
			logger.warn("Long-poll listener '" + container.id() + "' failed: " + describe(cause) + "; retrying in "
					+ nextDelay.toMillis() + " ms (further failures are summarised every "
					+ this.summaryInterval.toSeconds() + " s)", logger.isDebugEnabled() ? cause : null);
			return;
		}
		Long last = this.lastSummary.get(container.id());
		if (last == null || now - last >= this.summaryInterval.toNanos()) {
			this.lastSummary.put(container.id(), now);
			logger.warn("Long-poll listener '" + container.id() + "' still failing: " + consecutiveFailures
					+ " failures in a row, last: " + describe(cause) + "; next retry in " + nextDelay.toMillis()
					+ " ms");
		}
	}

	@Override
	public void onSkipped(LongPollContainer container, int events, String excerpt, Throwable cause,
			boolean deadLettered) {
		logger.error("Long-poll listener '" + container.id() + "' " + (deadLettered ? "dead-lettered" : "skipped") + " "
				+ events + " event" + ((events != 1) ? "s" : "") + " after its handler kept failing: "
				+ describe(cause) + "; body starts with: " + excerpt);
	}

	@Override
	public void onCursorReset(LongPollContainer container, @Nullable String abandoned, String reason) {
		logger.warn("Long-poll listener '" + container.id() + "' reset its cursor "
				+ ((abandoned != null) ? "'" + abandoned + "' " : "") + "to '" + container.endpoint().cursor().initial()
				+ "': " + reason);
	}

	@Override
	public void onRecovered(LongPollContainer container, int failures, Duration outage) {
		this.lastSummary.remove(container.id());
		logger.info("Long-poll listener '" + container.id() + "' recovered after " + failures + " failure"
				+ ((failures != 1) ? "s" : "") + " over " + outage.toMillis() + " ms");
	}

	@Override
	public void onHandlerCancelled(LongPollContainer container, Duration waited) {
		logger.warn("Long-poll listener '" + container.id() + "': handler still running after the shutdown timeout ("
				+ waited + "); cancelled, its events will be delivered again");
	}

	@Override
	public void onStopped(LongPollContainer container, StopReason reason, @Nullable Throwable cause) {
		this.lastSummary.remove(container.id());
		if (reason == StopReason.REQUESTED) {
			logger.info("Long-poll listener '" + container.id() + "' stopped");
		}
		else {
			logger.error("Long-poll listener '" + container.id() + "' stopped (" + reason + "): "
					+ ((cause != null) ? describe(cause) : "no cause"));
		}
	}

	private static String describe(Throwable cause) {
		String message = cause.getMessage();
		String type = cause.getClass().getSimpleName();
		return (message != null && message.startsWith("Listener '")) ? message.substring(message.indexOf(':') + 2)
				: type + ((message != null) ? ": " + message : "");
	}

}
