package dev.longpoll.test;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link LongPollFeedServer} does to a poll instead of (or before) answering it
 * normally; see {@link LongPollFeedServer#failNext(Fault...)}.
 */
public final class Fault {

	enum Kind {

		STATUS, DELAY, RESET

	}

	private final Kind kind;

	private final int status;

	private final String body;

	private final @Nullable Duration retryAfter;

	private final Duration delay;

	private Fault(Kind kind, int status, String body, @Nullable Duration retryAfter, Duration delay) {
		this.kind = kind;
		this.status = status;
		this.body = body;
		this.retryAfter = retryAfter;
		this.delay = delay;
	}

	/**
	 * Answer at once with this status and an empty body.
	 * @param status the HTTP status
	 * @return the fault
	 */
	public static Fault status(int status) {
		return status(status, "");
	}

	/**
	 * Answer at once with this status and body.
	 * @param status the HTTP status
	 * @param body the body (JSON, when it is not empty)
	 * @return the fault
	 */
	public static Fault status(int status, String body) {
		return new Fault(Kind.STATUS, status, Objects.requireNonNull(body, "body"), null, Duration.ZERO);
	}

	/**
	 * Answer normally, but only after this long (longer than the client's timeout to
	 * make it time out).
	 * @param delay the delay
	 * @return the fault
	 */
	public static Fault delay(Duration delay) {
		return new Fault(Kind.DELAY, 0, "", null, delay);
	}

	/**
	 * Reset the connection (TCP RST) without answering.
	 * @return the fault
	 */
	public static Fault reset() {
		return new Fault(Kind.RESET, 0, "", null, Duration.ZERO);
	}

	/**
	 * The same status fault with a {@code Retry-After} header (whole seconds).
	 * @param retryAfter the wait asked for
	 * @return the fault
	 */
	public Fault retryAfter(Duration retryAfter) {
		if (this.kind != Kind.STATUS) {
			throw new IllegalStateException("Retry-After goes with a status fault");
		}
		return new Fault(this.kind, this.status, this.body, retryAfter, this.delay);
	}

	Kind kind() {
		return this.kind;
	}

	int statusCode() {
		return this.status;
	}

	String body() {
		return this.body;
	}

	@Nullable Duration retryAfterValue() {
		return this.retryAfter;
	}

	Duration delayValue() {
		return this.delay;
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case STATUS -> "status " + this.status + ((this.retryAfter != null) ? " Retry-After " + this.retryAfter : "");
			case DELAY -> "delay " + this.delay;
			case RESET -> "reset";
		};
	}

}
