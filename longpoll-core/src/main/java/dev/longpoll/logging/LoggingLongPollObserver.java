package dev.longpoll.logging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.longpoll.internal.UrlRedactor;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.container.PollOutcome;
import dev.longpoll.container.StopReason;
import dev.longpoll.cursor.CursorRules;

/**
 * Calm logs, whatever the pattern of faults: per listener at most one WARN about failures
 * and one INFO about recoveries per summary interval, each saying how many it stands for;
 * INFO on start and stop (one summary line when the application stops them all); ERROR
 * when a listener stops by itself; DEBUG for each poll and each failure not reported. No
 * stack trace unless DEBUG is on.
 */
public class LoggingLongPollObserver implements LongPollObserver {

	private static final Log logger = LogFactory.getLog("dev.longpoll");

	private final long intervalNanos;

	private final Duration interval;

	private final LongSupplier nanoClock;

	private final Map<String, Reports> reports = new ConcurrentHashMap<>();

	private volatile boolean shuttingDown;

	private final AtomicInteger cancelledDuringShutdown = new AtomicInteger();

	/**
	 * Create an observer.
	 * @param summaryInterval the least time between two WARN (or two INFO) lines about the
	 * failures (or recoveries) of one listener
	 */
	public LoggingLongPollObserver(Duration summaryInterval) {
		this(summaryInterval, System::nanoTime);
	}

	LoggingLongPollObserver(Duration summaryInterval, LongSupplier nanoClock) {
		this.interval = summaryInterval;
		this.intervalNanos = summaryInterval.toNanos();
		this.nanoClock = nanoClock;
	}

	@Override
	public void onStateChanged(LongPollContainer container, ListenerState previous, ListenerState state) {
		if (state == ListenerState.RUNNING && previous != ListenerState.PAUSED) {
			logger.info("Long-poll listener '" + container.id() + "' started: " + container.endpoint().method() + " "
					+ UrlRedactor.redact(container.endpoint().url()));
		}
		else if (state == ListenerState.PAUSED || previous == ListenerState.PAUSED) {
			logger.info("Long-poll listener '" + container.id() + "' "
					+ ((state == ListenerState.PAUSED) ? "paused" : "resumed"));
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
		Reports reports = reports(container);
		ListenerState state = container.state();
		String next = (state == ListenerState.RUNNING) ? "next attempt in " + nextDelay.toMillis() + " ms"
				: "no attempt while " + state.name().toLowerCase(java.util.Locale.ROOT);
		int unreported;
		synchronized (reports) {
			if (!reports.failures.due(this.nanoClock.getAsLong(), this.intervalNanos)) {
				if (logger.isDebugEnabled()) {
					logger.debug("Long-poll listener '" + container.id() + "' failed: " + describe(cause) + "; " + next,
							cause);
				}
				return;
			}
			unreported = reports.failures.take();
		}
		String what = (consecutiveFailures == 1) ? "failed: " + describe(cause)
				: "still failing: " + consecutiveFailures + " failures in a row, last: " + describe(cause);
		logger.warn("Long-poll listener '" + container.id() + "' " + what + "; " + next
				+ since(unreported, "failure", "failures") + " (at most one such line per " + this.interval.toSeconds() + " s)",
				logger.isDebugEnabled() ? cause : null);
	}

	@Override
	public void onRecovered(LongPollContainer container, int failures, Duration outage) {
		Reports reports = reports(container);
		int unreported;
		synchronized (reports) {
			if (!reports.recoveries.due(this.nanoClock.getAsLong(), this.intervalNanos)) {
				return;
			}
			unreported = reports.recoveries.take();
		}
		logger.info("Long-poll listener '" + container.id() + "' recovered after " + failures + " failure"
				+ ((failures != 1) ? "s" : "") + " over " + outage.toMillis() + " ms" + since(unreported, "recovery", "recoveries"));
	}

	@Override
	public void onSkipped(LongPollContainer container, int events, String excerpt, Throwable cause,
			boolean deadLettered) {
		logger.error("Long-poll listener '" + container.id() + "' " + (deadLettered ? "dead-lettered" : "skipped") + " "
				+ events + " event" + ((events != 1) ? "s" : "") + " after its handler kept failing: "
				+ describe(cause) + "; body starts with: " + excerpt);
	}

	@Override
	public void onCursorSet(LongPollContainer container, @Nullable String previous, @Nullable String current) {
		logger.info("Long-poll listener '" + container.id() + "' cursor set on request: from "
				+ CursorRules.forLog(previous) + " to " + CursorRules.forLog(current) + "; the next poll starts there");
	}

	@Override
	public void onCursorReset(LongPollContainer container, @Nullable String abandoned, String reason) {
		String initial = container.endpoint().cursor().initial();
		logger.warn("Long-poll listener '" + container.id() + "' went back to its initial position (cursor "
				+ CursorRules.forLog(initial) + ", no echoed header"
				+ ((abandoned != null) ? ", leaving " + CursorRules.forLog(abandoned) : "") + "): " + reason);
	}

	@Override
	public void onHandlerCancelled(LongPollContainer container, Duration waited) {
		if (this.shuttingDown) {
			this.cancelledDuringShutdown.incrementAndGet();
		}
		logger.warn("Long-poll listener '" + container.id() + "': handler still running after the shutdown timeout ("
				+ waited + "); cancelled, its events will be delivered again");
	}

	@Override
	public void onStopped(LongPollContainer container, StopReason reason, @Nullable Throwable cause) {
		this.reports.remove(container.id());
		if (reason == StopReason.REQUESTED) {
			if (!this.shuttingDown) { // at shutdown, one summary line for them all
				logger.info("Long-poll listener '" + container.id() + "' stopped");
			}
		}
		else if (reason == StopReason.CLIENT_CLOSED) {
			logger.warn("Long-poll listener '" + container.id() + "' stopped: its HTTP client was closed (the"
					+ " application context is closing); it was still running");
		}
		else {
			logger.error("Long-poll listener '" + container.id() + "' stopped (" + reason + "): "
					+ ((cause != null) ? describe(cause) : "no cause"));
		}
	}

	@Override
	public void onShutdownStarted(int listeners) {
		this.cancelledDuringShutdown.set(0);
		this.shuttingDown = true;
	}

	@Override
	public void onShutdownCompleted(int listeners, Duration took) {
		this.shuttingDown = false;
		if (listeners > 0) {
			int cancelled = this.cancelledDuringShutdown.get();
			logger.info(String.format("Stopped %,d long-poll listener%s in %d ms%s", listeners,
					(listeners != 1) ? "s" : "", took.toMillis(), (cancelled > 0) ? "; " + cancelled + " handler call"
							+ ((cancelled != 1) ? "s" : "") + " cancelled, their events will come again" : ""));
		}
	}

	private Reports reports(LongPollContainer container) {
		return this.reports.computeIfAbsent(container.id(), (id) -> new Reports());
	}

	private static String since(int unreported, String one, String many) {
		return (unreported == 0) ? "" : "; " + unreported + " more " + ((unreported == 1) ? one : many)
				+ " since the last report";
	}

	private static String describe(Throwable cause) {
		String message = cause.getMessage();
		String type = cause.getClass().getSimpleName();
		return (message != null && message.startsWith("Listener '")) ? message.substring(message.indexOf(':') + 2)
				: type + ((message != null) ? ": " + message : "");
	}

	/**
	 * When one listener last reported failures and recoveries, and how many came since.
	 */
	private static final class Reports {

		final Window failures = new Window();

		final Window recoveries = new Window();

	}

	/**
	 * At most one report per interval, counting what it left out.
	 */
	private static final class Window {

		private long lastNanos;

		private boolean reported;

		private int skipped;

		boolean due(long now, long interval) {
			if (!this.reported || now - this.lastNanos >= interval) {
				this.reported = true;
				this.lastNanos = now;
				return true;
			}
			this.skipped++;
			return false;
		}

		int take() {
			int skipped = this.skipped;
			this.skipped = 0;
			return skipped;
		}

	}

}
