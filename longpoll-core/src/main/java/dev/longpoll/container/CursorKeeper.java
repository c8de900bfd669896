package dev.longpoll.container;

import java.util.Map;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.PollRequest;
import dev.longpoll.cursor.CursorRecovery;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.LongPollDecodingException;

/**
 * The cursor of one listener: loaded from the store when the listener starts, put on
 * each request, and committed (to the store first) only after a response was handled.
 * Blocking stores are called on the handler scheduler.
 */
class CursorKeeper {

	private final LongPollEndpoint endpoint;

	private final CursorStore store;

	private final Scheduler scheduler;

	private final BiConsumer<@Nullable String, String> onReset;

	private volatile @Nullable String cursor;

	private volatile Map<String, String> echoedHeaders = Map.of();

	private volatile boolean loaded;

	private volatile boolean resetPending;

	/**
	 * Create a keeper.
	 * @param endpoint the listener's endpoint
	 * @param scheduler where blocking store calls run
	 * @param onReset told of each reset, with the abandoned cursor and the reason
	 */
	CursorKeeper(LongPollEndpoint endpoint, Scheduler scheduler, BiConsumer<@Nullable String, String> onReset) {
		this.endpoint = endpoint;
		this.store = endpoint.cursor().store();
		this.scheduler = scheduler;
		this.onReset = onReset;
		this.cursor = endpoint.cursor().initial();
	}

	@Nullable String current() {
		return this.cursor;
	}

	/**
	 * Load the stored cursor again at the next poll.
	 */
	void reloadOnNextPoll() {
		this.loaded = false;
	}

	Mono<Void> loadIfNeeded() {
		if (this.loaded) {
			return Mono.empty();
		}
		return onStore(() -> {
			String stored = this.store.load(this.endpoint.id());
			if (stored != null) {
				this.cursor = stored;
			}
			this.loaded = true;
		});
	}

	void apply(PollRequest.Builder request) {
		this.endpoint.cursor().strategy().apply(this.cursor, request);
		this.endpoint.cursor().headerEcho().apply(this.echoedHeaders, request);
	}

	/**
	 * The cursor that follows a response.
	 * @param response the response
	 * @return the next cursor
	 * @throws LongPollDecodingException if the cursor cannot be read from it
	 */
	@Nullable String next(LongPollResponse response) {
		try {
			return this.endpoint.cursor().strategy().next(this.cursor, response);
		}
		catch (RuntimeException ex) {
			throw new LongPollDecodingException(this.endpoint.id(), "a cursor", response, ex);
		}
	}

	/**
	 * Commit the cursor of a handled response: stored first, then used.
	 * @param next the cursor that follows the response
	 * @param response the response, for echoed headers
	 * @return completes once committed
	 */
	Mono<Void> commit(@Nullable String next, LongPollResponse response) {
		this.resetPending = false;
		Map<String, String> echoed = this.endpoint.cursor().headerEcho().capture(this.echoedHeaders, response);
		String previous = this.cursor;
		if (next != null && previous != null && wentBackwards(previous, next)
				&& this.endpoint.cursor().recovery().onRegression() == CursorRecovery.OnRegression.RESET) {
			return reset("it went backwards from '" + previous + "' to '" + next + "'");
		}
		if (next == null || next.equals(previous)) {
			this.echoedHeaders = echoed;
			return Mono.empty();
		}
		return onStore(() -> this.store.save(this.endpoint.id(), next)).then(Mono.fromRunnable(() -> {
			this.cursor = next;
			this.echoedHeaders = echoed;
		}));
	}

	/**
	 * Whether going back to the initial cursor can help: there is a cursor other than the
	 * initial one, and no reset happened since the last handled response (a second expiry
	 * in a row stops the listener instead of looping).
	 * @return whether a reset may be tried
	 */
	boolean canReset() {
		String current = this.cursor;
		return !this.resetPending && current != null && !current.equals(this.endpoint.cursor().initial());
	}

	/**
	 * Go back to the initial cursor.
	 * @param reason why, for the log
	 * @return completes once the store forgot the old cursor
	 */
	Mono<Void> reset(String reason) {
		String previous = this.cursor;
		String initial = this.endpoint.cursor().initial();
		return onStore(() -> {
			if (initial != null) {
				this.store.save(this.endpoint.id(), initial);
			}
			else {
				this.store.remove(this.endpoint.id());
			}
		}).then(Mono.fromRunnable(() -> {
			this.cursor = initial;
			this.echoedHeaders = Map.of();
			this.resetPending = true;
			this.onReset.accept(previous, reason);
		}));
	}

	private Mono<Void> onStore(Runnable call) {
		return this.store.isBlocking() ? Mono.fromRunnable(call).subscribeOn(this.scheduler).then()
				: Mono.fromRunnable(call);
	}

	private static boolean wentBackwards(String previous, String next) {
		try {
			return Long.parseLong(next.trim()) < Long.parseLong(previous.trim());
		}
		catch (NumberFormatException ex) {
			return false; // not numeric: no order to check
		}
	}

}
