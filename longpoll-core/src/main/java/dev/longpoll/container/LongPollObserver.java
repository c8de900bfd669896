package dev.longpoll.container;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

import dev.longpoll.handler.InvocationScope;

/**
 * Seam between the poll loop and whatever watches it: logging, application events,
 * metrics and health plug in here, so the loop knows none of them. Declare observers as
 * beans; all apply, in order. Methods are called from the loop's thread, which may be a
 * Netty event loop, never while the container holds its lock: they must not block.
 */
public interface LongPollObserver {

	/**
	 * The listener changed state. Calls come in the order of the changes.
	 * @param container the listener
	 * @param previous the state it left
	 * @param current the state it entered
	 */
	default void onStateChanged(LongPollContainer container, ListenerState previous, ListenerState current) {
	}

	/**
	 * A poll cycle starts: the request is about to be sent.
	 * @param container the listener
	 */
	default void onPollStarted(LongPollContainer container) {
	}

	/**
	 * What the poll's request carries in its Reactor context: a tracing observer puts its
	 * poll observation here, so that the HTTP client's own observation becomes its child.
	 * @param container the listener
	 * @param context the context so far
	 * @return the context to use
	 */
	default Context pollContext(LongPollContainer container, Context context) {
		return context;
	}

	/**
	 * Open a scope around one call of the user's handler, on the handler thread, closed on
	 * that thread right after the call; a tracing observer opens its handler observation,
	 * so that the user's log lines carry the trace.
	 * @param container the listener
	 * @return the scope
	 */
	default InvocationScope openHandlerScope(LongPollContainer container) {
		return InvocationScope.NONE;
	}

	/**
	 * The handler is about to be given the events of one response.
	 * @param container the listener
	 */
	default void onHandlerStarted(LongPollContainer container) {
	}

	/**
	 * The handler finished with the events of one response.
	 * @param container the listener
	 * @param events how many events it was given ({@code 0} when it failed before knowing)
	 * @param duration how long it took
	 * @param error what it threw, or {@code null} on success
	 */
	default void onHandlerCompleted(LongPollContainer container, int events, Duration duration,
			@Nullable Throwable error) {
	}

	/**
	 * A poll cycle ended.
	 * @param container the listener
	 * @param outcome how it ended
	 * @param status the HTTP status, or {@code 0} when there was no response
	 * @param duration from sending the request to the end of handling
	 * (every started cycle ends exactly once, with {@link PollOutcome#CANCELLED} when a
	 * stop or pause cut it)
	 */
	default void onPollCompleted(LongPollContainer container, PollOutcome outcome, int status, Duration duration) {
	}

	/**
	 * A poll cycle failed and the listener will try again.
	 * @param container the listener
	 * @param cause what went wrong
	 * @param consecutiveFailures failures in a row, this one included
	 * @param nextDelay the wait before the next poll
	 */
	default void onFailure(LongPollContainer container, Throwable cause, int consecutiveFailures,
			Duration nextDelay) {
	}

	/**
	 * The error policy moved past a response whose events the handler could not take.
	 * @param container the listener
	 * @param events how many events the response held (1 when it could not be decoded)
	 * @param excerpt the start of the response body
	 * @param cause the last failure
	 * @param deadLettered whether the {@code DeadLetterHandler} took it (else it was skipped)
	 */
	default void onSkipped(LongPollContainer container, int events, String excerpt, Throwable cause,
			boolean deadLettered) {
	}

	/**
	 * The cursor went back to the initial one.
	 * @param container the listener
	 * @param abandoned the cursor given up
	 * @param reason why
	 */
	default void onCursorReset(LongPollContainer container, @Nullable String abandoned, String reason) {
	}

	/**
	 * The cursor was set on request ({@link LongPollContainer#seek(String)} or
	 * {@link LongPollContainer#resetCursor()}) and saved; the next poll starts from it.
	 * @param container the listener
	 * @param previous the cursor it left
	 * @param current the cursor it polls from next ({@code null}: none)
	 */
	default void onCursorSet(LongPollContainer container, @Nullable String previous, @Nullable String current) {
	}

	/**
	 * With several instances sharing listeners: this instance took a listener (it polls it
	 * here now) or gave it up (another instance may take it).
	 * @param container the listener
	 * @param owned whether this instance polls it now
	 * @param instanceId this instance
	 * @param reason why
	 */
	default void onOwnershipChanged(LongPollContainer container, boolean owned, String instanceId, String reason) {
	}

	/**
	 * The first success after failures.
	 * @param container the listener
	 * @param failures how many failures came before
	 * @param outage from the first of them to now
	 */
	default void onRecovered(LongPollContainer container, int failures, Duration outage) {
	}

	/**
	 * A stop waited the whole shutdown timeout for a handler call in progress and then
	 * cancelled it; the events of that call come again.
	 * @param container the listener
	 * @param waited how long the stop waited
	 */
	default void onHandlerCancelled(LongPollContainer container, Duration waited) {
	}

	/**
	 * The listener was removed from the registry (after it stopped): forget it.
	 * @param container the listener
	 */
	default void onUnregistered(LongPollContainer container) {
	}

	/**
	 * The registry starts to stop every listener, because the application stops.
	 * @param listeners how many it stops
	 */
	default void onShutdownStarted(int listeners) {
	}

	/**
	 * The registry stopped every listener.
	 * @param listeners how many it stopped
	 * @param took how long that took
	 */
	default void onShutdownCompleted(int listeners, Duration took) {
	}

	/**
	 * The listener stopped, on request or by itself.
	 * @param container the listener
	 * @param reason why
	 * @param cause the failure that stopped it, or {@code null}
	 */
	default void onStopped(LongPollContainer container, StopReason reason, @Nullable Throwable cause) {
	}

	/**
	 * One observer that tells several, in order; one that throws is logged and the others
	 * are still told. The reactor context and handler scope of each are combined.
	 * @param observers the observers
	 * @return the composite
	 */
	static LongPollObserver composite(List<LongPollObserver> observers) {
		return new CompositeLongPollObserver(observers);
	}

}
