package dev.longpoll.container;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a response (or a failed exchange) means for the loop, decided by the
 * {@link ResponseClassifier}.
 *
 * @param kind the kind of response
 * @param retryAfter for {@link Kind#THROTTLED}, the wait the server asked for, or
 * {@code null}
 * @param failure for {@link Kind#FAILED} and {@link Kind#FATAL}, what went wrong
 */
record Verdict(Kind kind, @Nullable Duration retryAfter, @Nullable Throwable failure) {

	static final Verdict DELIVER = new Verdict(Kind.DELIVER, null, null);

	static final Verdict EMPTY = new Verdict(Kind.EMPTY, null, null);

	static final Verdict NOT_MODIFIED = new Verdict(Kind.NOT_MODIFIED, null, null);

	static final Verdict IDLE = new Verdict(Kind.IDLE, null, null);

	static final Verdict CURSOR_GONE = new Verdict(Kind.CURSOR_GONE, null, null);

	/**
	 * The failure of a {@link Kind#THROTTLED}, {@link Kind#FATAL} or {@link Kind#FAILED}
	 * verdict.
	 * @return the failure
	 */
	Throwable cause() {
		Throwable failure = this.failure;
		if (failure == null) {
			throw new IllegalStateException("A " + this.kind + " verdict has no failure");
		}
		return failure;
	}

	static Verdict throttled(@Nullable Duration retryAfter, Throwable failure) {
		return new Verdict(Kind.THROTTLED, retryAfter, failure);
	}

	static Verdict fatal(Throwable failure) {
		return new Verdict(Kind.FATAL, null, failure);
	}

	static Verdict failed(Throwable failure) {
		return new Verdict(Kind.FAILED, null, failure);
	}

	/**
	 * The kinds of response.
	 */
	enum Kind {

		/** A success with events: hand them to the handler. */
		DELIVER,

		/** A success with nothing to deliver; a cursor in it is still taken. */
		EMPTY,

		/** 304: nothing new, and nothing to take from the response. */
		NOT_MODIFIED,

		/** The server ended its hold with nothing new; not a failure. */
		IDLE,

		/** The server says the cursor expired. */
		CURSOR_GONE,

		/** A status whose Retry-After is honoured. */
		THROTTLED,

		/** A status that stops the listener. */
		FATAL,

		/** Any other failure: back off and try again. */
		FAILED

	}

}
