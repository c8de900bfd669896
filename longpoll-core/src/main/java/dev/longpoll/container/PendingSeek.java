package dev.longpoll.container;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.longpoll.cursor.CursorPosition;

/**
 * A cursor asked for on request ({@link LongPollContainer#seek(String)},
 * {@link LongPollContainer#resetCursor()}), applied at the start of the next cycle: the
 * last request wins.
 */
final class PendingSeek {

	// null: nothing asked for; empty: the initial position
	private final AtomicReference<@Nullable Optional<CursorPosition>> requested = new AtomicReference<>();

	/**
	 * Ask for a position.
	 * @param position the position, or {@code null} for the initial one
	 */
	void request(@Nullable CursorPosition position) {
		this.requested.set(Optional.ofNullable(position));
	}

	/**
	 * Apply the position asked for, if any: save it and report it.
	 * @param cursor the listener's cursor
	 * @param onSet told the cursor left and the cursor set
	 * @return completes once saved
	 */
	Mono<Void> apply(CursorKeeper cursor, BiConsumer<@Nullable String, @Nullable String> onSet) {
		Optional<CursorPosition> position = this.requested.getAndSet(null);
		if (position == null) {
			return Mono.empty();
		}
		return cursor.set(position.orElse(null))
			.doOnNext((previous) -> onSet.accept(previous.orElse(null), cursor.current()))
			.then();
	}

}
