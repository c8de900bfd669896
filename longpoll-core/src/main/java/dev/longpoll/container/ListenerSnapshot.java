package dev.longpoll.container;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.longpoll.internal.UrlRedactor;

/**
 * What a listener looks like now, safe to show: the URL is redacted, no header appears.
 * Health details and the actuator endpoint both show it.
 *
 * @param id the listener id
 * @param state the state
 * @param url the URL, credentials and secret-looking query parameters redacted
 * @param cursor the committed cursor
 * @param lastSuccess when a poll last succeeded
 * @param consecutiveFailures failures in a row
 * @param lastError type and message of the last failure of the streak
 * @param nextRetryIn time until the next attempt while backing off
 * @param stopReason why it last stopped
 * @param standby with several instances: whether another instance (or none yet) is to
 * poll it, so that it waits here
 * @param owner with several instances: the instance that polls it, if any
 * @param protocol the HTTP version it polls with: {@code http1}, {@code h2c} or
 * {@code h2}
 */
public record ListenerSnapshot(String id, ListenerState state, String url, @Nullable String cursor,
		@Nullable Instant lastSuccess, int consecutiveFailures, @Nullable String lastError,
		@Nullable Duration nextRetryIn, @Nullable StopReason stopReason, boolean standby, @Nullable String owner,
		String protocol) {

	/**
	 * Take a snapshot of a container.
	 * @param container the container
	 * @return the snapshot
	 */
	public static ListenerSnapshot of(LongPollContainer container) {
		return of(container, null);
	}

	/**
	 * Take a snapshot of a container shared with other instances.
	 * @param container the container
	 * @param coordinator the coordinator, or {@code null} when every listener runs here
	 * @return the snapshot
	 */
	public static ListenerSnapshot of(LongPollContainer container, @Nullable ListenerCoordinator coordinator) {
		boolean standby = coordinator != null && coordinator.isStandby(container.id());
		String owner = (coordinator != null) ? coordinator.owner(container.id()) : null;
		Throwable error = container.lastError();
		Instant next = container.nextRetryAt();
		Duration nextRetryIn = (next != null) ? Duration.between(Instant.now(), next) : null;
		return new ListenerSnapshot(container.id(), container.state(), UrlRedactor.redact(container.endpoint().url()),
				container.cursor(), container.lastSuccess(), container.consecutiveFailures(),
				(error != null) ? error.getClass().getSimpleName() + ": " + error.getMessage() : null,
				(nextRetryIn != null && !nextRetryIn.isNegative()) ? nextRetryIn : null, container.stopReason(), standby,
				owner, container.endpoint().options().client().protocol().value());
	}

	/**
	 * The snapshot as an ordered map without empty values, for JSON output.
	 * @return the details
	 */
	public Map<String, Object> toMap() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", this.state.name());
		details.put("url", this.url);
		details.put("protocol", this.protocol);
		putIfPresent(details, "cursor", this.cursor);
		putIfPresent(details, "lastSuccess", this.lastSuccess);
		details.put("consecutiveFailures", this.consecutiveFailures);
		putIfPresent(details, "lastError", this.lastError);
		putIfPresent(details, "nextRetryIn", (this.nextRetryIn != null) ? this.nextRetryIn.toMillis() + "ms" : null);
		putIfPresent(details, "stopReason", this.stopReason);
		if (this.standby) {
			details.put("standby", true);
		}
		putIfPresent(details, "owner", this.owner);
		return details;
	}

	private static void putIfPresent(Map<String, Object> details, String key, @Nullable Object value) {
		if (value != null) {
			details.put(key, (value instanceof Enum<?> || value instanceof Instant) ? value.toString() : value);
		}
	}

}
