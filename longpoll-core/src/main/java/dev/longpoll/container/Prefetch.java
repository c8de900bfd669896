package dev.longpoll.container;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.cursor.CursorPosition;

/**
 * The poll a listener with {@code prefetch} sends ahead while its handler works: sent
 * from the position the events being handled lead to, and used by the next cycle only if
 * that is the position the handler committed; dropped (its exchange cancelled) otherwise.
 */
final class Prefetch {

	private final Function<CursorPosition, Mono<LongPollResponse>> send;

	private final AtomicReference<@Nullable Sent> sent = new AtomicReference<>();

	Prefetch(Function<CursorPosition, Mono<LongPollResponse>> send) {
		this.send = send;
	}

	/**
	 * Send a poll now from the given position.
	 * @param position the position the events being handled lead to
	 */
	void send(CursorPosition position) {
		drop(this.sent.getAndSet(new Sent(position, this.send.apply(position).toFuture())));
	}

	/**
	 * The response of the next poll: the one sent ahead, if it was sent from the committed
	 * position; otherwise a poll sent now.
	 * @param committed the position now committed
	 * @return the response
	 */
	Mono<LongPollResponse> poll(CursorPosition committed) {
		Sent ahead = this.sent.getAndSet(null);
		if (ahead != null && ahead.position().equals(committed)) {
			return Mono.fromFuture(ahead.response());
		}
		drop(ahead);
		return this.send.apply(committed);
	}

	/**
	 * Drop the poll sent ahead, if any: the next poll starts from the committed position.
	 */
	void drop() {
		drop(this.sent.getAndSet(null));
	}

	private static void drop(@Nullable Sent ahead) {
		if (ahead != null) {
			ahead.response().cancel(true); // cancels the exchange
		}
	}

	private record Sent(CursorPosition position, CompletableFuture<LongPollResponse> response) {
	}

}
