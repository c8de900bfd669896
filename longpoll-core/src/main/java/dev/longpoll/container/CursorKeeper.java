package dev.longpoll.container;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.cursor.CursorOptions;
import dev.longpoll.cursor.CursorPosition;
import dev.longpoll.cursor.CursorRecovery;
import dev.longpoll.cursor.CursorRules;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.LongPollDecodingException;

/**
 * The position of one listener (cursor and echoed headers): loaded from the store when
 * the listener starts, put on each request, and committed (to the store first) only after
 * a response was handled. Blocking stores are called on the handler scheduler.
 */
class CursorKeeper {

	private static final Runnable NOTHING = () -> {
	};

	private final String listenerId;

	private final CursorOptions options;

	private final CursorStore store;

	private final Scheduler scheduler;

	private final BiConsumer<@Nullable String, String> onReset;

	private volatile CursorPosition position;

	private volatile boolean loaded;

	/** What {@link #commit} returns when the commit is already done, so the caller goes on at once. */
	static final Mono<Void> DONE = Mono.empty();

	private volatile boolean resetPending;

	/** Completes once the last write asked for is done; guarded by this. */
	private CompletableFuture<@Nullable Void> lastWrite = CompletableFuture.completedFuture(null);

	/**
	 * Create a keeper.
	 * @param endpoint the listener's endpoint
	 * @param scheduler where blocking store calls run
	 * @param onReset told of each reset, with the abandoned cursor and the reason
	 */
	CursorKeeper(LongPollEndpoint endpoint, Scheduler scheduler, BiConsumer<@Nullable String, String> onReset) {
		this.listenerId = endpoint.id();
		this.options = endpoint.cursor();
		this.store = this.options.store();
		this.scheduler = scheduler;
		this.onReset = onReset;
		this.position = this.options.initialPosition();
	}

	@Nullable String current() {
		return this.position.cursor();
	}

	CursorPosition position() {
		return this.position;
	}

	/**
	 * Load the stored position again at the next poll.
	 */
	void reloadOnNextPoll() {
		this.loaded = false;
	}

	/**
	 * Whether the position has been read from the store since the listener started.
	 * @return whether it is loaded
	 */
	boolean isLoaded() {
		return this.loaded;
	}

	Mono<Void> loadIfNeeded() {
		if (this.loaded) {
			return Mono.empty();
		}
		return write(this::loadNow, NOTHING);
	}

	// In the order of the writes, so that a load never overtakes a seek
	private void loadNow() {
		if (!this.loaded) {
			CursorPosition stored = this.store.load(this.listenerId);
			this.position = (stored != null) ? stored : this.options.initialPosition();
			this.loaded = true;
		}
	}

	/**
	 * The position a response leads to once its events are handled, before it is
	 * committed: what a poll sent ahead carries.
	 * @param next the cursor read from the response
	 * @param response the response, for echoed headers
	 * @return the position
	 */
	CursorPosition positionAfter(@Nullable String next, LongPollResponse response) {
		CursorPosition position = this.position;
		return new CursorPosition((next != null) ? next : position.cursor(),
				this.options.headerEcho().capture(position.echoedHeaders(), response));
	}

	/**
	 * The cursor that follows a response.
	 * @param response the response
	 * @param events whether it has events
	 * @return the next cursor
	 * @throws LongPollDecodingException if the cursor cannot be read from it
	 */
	@Nullable String next(LongPollResponse response, boolean events) {
		String current = this.position.cursor();
		try {
			String next = events ? this.options.strategy().nextAfterEvents(current, response)
					: this.options.strategy().next(current, response);
			if (next != null && !next.equals(current)) {
				check(next);
			}
			return next;
		}
		catch (RuntimeException ex) {
			throw new LongPollDecodingException(this.listenerId, "a cursor", response, ex);
		}
	}

	/**
	 * Check a cursor that is to be sent: see {@link CursorRules}.
	 * @param cursor the cursor
	 * @throws dev.longpoll.cursor.InvalidCursorException naming the rule it breaks
	 */
	void check(String cursor) {
		CursorRules.check(this.listenerId, cursor, this.options.strategy().sendsInHeader());
	}

	/**
	 * Commit the position after a handled response: stored first, then used.
	 * @param next the cursor that follows the response
	 * @param response the response, for echoed headers
	 * @return completes once committed
	 */
	Mono<Void> commit(@Nullable String next, LongPollResponse response) {
		CursorPosition previous = this.position;
		Map<String, String> echoed = this.options.headerEcho().capture(previous.echoedHeaders(), response);
		String cursor = (next != null) ? next : previous.cursor();
		if (cursor != null && previous.cursor() != null && wentBackwards(previous.cursor(), cursor)
				&& this.options.recovery().onRegression() == CursorRecovery.OnRegression.RESET) {
			return reset("it went backwards from " + CursorRules.forLog(previous.cursor()) + " to "
					+ CursorRules.forLog(cursor));
		}
		CursorPosition committed = new CursorPosition(cursor, echoed);
		this.resetPending = false;
		if (committed.equals(previous)) {
			return DONE;
		}
		return write(() -> this.store.save(this.listenerId, committed), () -> this.position = committed);
	}

	/**
	 * Whether a response's cursor says nothing happened: the listener treats an unchanged
	 * cursor as an idle hold, and this one equals the current cursor.
	 * @param next the cursor read from the response
	 * @return whether it is an unchanged cursor that means "nothing new"
	 */
	boolean isUnchanged(@Nullable String next) {
		return this.options.idleWhenUnchanged() && next != null && next.equals(this.position.cursor());
	}

	/**
	 * The server said the cursor expired: go back to the initial position, and say whether
	 * polling from there is worth trying.
	 * @param status the status that said so
	 * @return whether to poll again, and why not otherwise
	 */
	Mono<Expiry> expire(int status) {
		boolean canReset = canReset();
		boolean retry = canReset && this.options.recovery().onGone() == CursorRecovery.OnGone.RESET;
		String reason = "the server answered " + status + ": cursor expired" + (retry ? ""
				: canReset ? " ('cursor.on-gone' is 'stop')" : " even at the initial position");
		return reset(reason).thenReturn(new Expiry(retry, reason));
	}

	/**
	 * The outcome of an expired cursor.
	 *
	 * @param retry whether to poll again from the initial position
	 * @param reason what happened, for the log and the stop reason
	 */
	record Expiry(boolean retry, String reason) {
	}

	/**
	 * Whether going back to the initial position can help: the position is not the
	 * initial one, and no reset happened since the last handled response (an expiry right
	 * after a reset means that even the initial position is refused).
	 * @return whether a reset may be tried
	 */
	boolean canReset() {
		return !this.resetPending && !this.position.equals(this.options.initialPosition());
	}

	/**
	 * Move to a position on request and save it.
	 * @param target the position, or {@code null} for the initial one
	 * @param onSet told, once the position is saved and in use, the cursor left behind
	 * @return completes once saved
	 */
	Mono<Void> set(@Nullable CursorPosition target, Consumer<@Nullable String> onSet) {
		CursorPosition to = (target != null) ? target : this.options.initialPosition();
		AtomicReference<@Nullable String> previous = new AtomicReference<>();
		return write(() -> {
			loadNow();
			previous.set(this.position.cursor());
			save(to);
		}, () -> {
			this.position = to;
			this.resetPending = false;
			onSet.accept(previous.get());
		});
	}

	/**
	 * Go back to the initial position: the initial cursor and no echoed header, in the
	 * store too, so that the next start does not reuse what was given up.
	 * @param reason why, for the log
	 * @return completes once the store forgot the old position
	 */
	Mono<Void> reset(String reason) {
		String abandoned = this.position.cursor();
		CursorPosition initial = this.options.initialPosition();
		return write(() -> save(initial), () -> {
			this.position = initial;
			this.resetPending = true;
			this.onReset.accept(abandoned, reason);
		});
	}

	private void save(CursorPosition position) {
		if (position.cursor() != null || !position.echoedHeaders().isEmpty()) {
			this.store.save(this.listenerId, position);
		}
		else {
			this.store.remove(this.listenerId);
		}
	}

	/**
	 * A store call and the change in memory that goes with it, run after every write asked
	 * for before it and to its end even when the cycle that asked is cancelled meanwhile (a
	 * pause, a stop, a seek): so memory and store never disagree, and the last write asked
	 * for is the one that stays. The change in memory runs only when the store call
	 * succeeded.
	 */
	private Mono<Void> write(Runnable storeCall, Runnable inMemory) {
		CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
		CompletableFuture<@Nullable Void> previous;
		synchronized (this) {
			previous = this.lastWrite;
			this.lastWrite = done;
		}
		if (previous.isDone() && !this.store.isBlocking()) { // nothing queued, nothing to wait for: at once, here
			try {
				storeCall.run();
				inMemory.run();
				done.complete(null);
				return DONE;
			}
			catch (RuntimeException ex) {
				done.completeExceptionally(ex);
				return Mono.error(ex);
			}
		}
		previous.whenComplete((ignored, failure) -> onStore(storeCall).then(Mono.fromRunnable(inMemory))
			.subscribe(null, done::completeExceptionally, () -> done.complete(null)));
		return Mono.fromFuture(done, true);
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
