package dev.longpoll.container;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.longpoll.cursor.CursorPosition;

/**
 * A cursor asked for on request ({@link LongPollContainer#seek(String)},
 * {@link LongPollContainer#resetCursor()}), applied at the start of the next cycle. The
 * last request wins, in memory and in the store: a request is forgotten only once it is
 * saved and in use, a cycle cancelled while saving it does not cancel the save, and saves
 * happen in the order they were asked for.
 */
final class PendingSeek {

	private final AtomicReference<@Nullable Request> requested = new AtomicReference<>();

	/**
	 * Ask for a position.
	 * @param position the position, or {@code null} for the initial one
	 */
	void request(@Nullable CursorPosition position) {
		this.requested.set(new Request(position));
	}

	/**
	 * Apply the position asked for, if any: save it and report it.
	 * @param cursor the listener's cursor
	 * @param onSet told the cursor left and the cursor set
	 * @return completes once saved and in use
	 */
	/**
	 * Whether a seek or reset waits to be applied.
	 * @return whether one does
	 */
	boolean isPending() {
		return this.requested.get() != null;
	}

	Mono<Void> apply(CursorKeeper cursor, BiConsumer<@Nullable String, @Nullable String> onSet) {
		Request request = this.requested.get();
		if (request == null) {
			return Mono.empty();
		}
		return request.applied(() -> cursor.set(request.position, (previous) -> {
			this.requested.compareAndSet(request, null);
			onSet.accept(previous, cursor.current());
		}));
	}

	/**
	 * One request; applied once, however many cycles wait for it.
	 */
	private static final class Request {

		final @Nullable CursorPosition position;

		private @Nullable Mono<Void> applying;

		Request(@Nullable CursorPosition position) {
			this.position = position;
		}

		synchronized Mono<Void> applied(Supplier<Mono<Void>> apply) {
			Mono<Void> applying = this.applying;
			if (applying == null) {
				applying = apply.get().doOnError((ex) -> forget()); // the store failed: the next cycle tries again
				this.applying = applying;
			}
			return applying;
		}

		private synchronized void forget() {
			this.applying = null;
		}

	}

}
