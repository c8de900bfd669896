package dev.longpoll.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

import dev.longpoll.handler.InvocationScope;

/**
 * Calls several observers in order; one that throws is logged and does not stop the
 * others or the loop.
 */
final class CompositeLongPollObserver implements LongPollObserver {

	private static final Log logger = LogFactory.getLog(CompositeLongPollObserver.class);

	private final List<LongPollObserver> observers;

	/**
	 * Create a composite.
	 * @param observers the observers, called in this order
	 */
	public CompositeLongPollObserver(List<LongPollObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	@Override
	public void onStateChanged(LongPollContainer container, ListenerState previous, ListenerState current) {
		each(container, (observer) -> observer.onStateChanged(container, previous, current));
	}

	@Override
	public void onPollStarted(LongPollContainer container) {
		each(container, (observer) -> observer.onPollStarted(container));
	}

	@Override
	public Context pollContext(LongPollContainer container, Context context) {
		Context[] result = { context };
		each(container, (observer) -> result[0] = observer.pollContext(container, result[0]));
		return result[0];
	}

	@Override
	public InvocationScope openHandlerScope(LongPollContainer container) {
		List<InvocationScope> scopes = new ArrayList<>(this.observers.size());
		each(container, (observer) -> scopes.add(observer.openHandlerScope(container)));
		return () -> {
			for (int i = scopes.size() - 1; i >= 0; i--) {
				InvocationScope scope = scopes.get(i);
				each(container, (observer) -> scope.close());
			}
		};
	}

	@Override
	public void onHandlerStarted(LongPollContainer container) {
		each(container, (observer) -> observer.onHandlerStarted(container));
	}

	@Override
	public void onHandlerCompleted(LongPollContainer container, int events, Duration duration,
			@Nullable Throwable error) {
		each(container, (observer) -> observer.onHandlerCompleted(container, events, duration, error));
	}

	@Override
	public void onPollCompleted(LongPollContainer container, PollOutcome outcome, int status, Duration duration) {
		each(container, (observer) -> observer.onPollCompleted(container, outcome, status, duration));
	}

	@Override
	public void onFailure(LongPollContainer container, Throwable cause, int consecutiveFailures,
			Duration nextDelay) {
		each(container, (observer) -> observer.onFailure(container, cause, consecutiveFailures, nextDelay));
	}

	@Override
	public void onSkipped(LongPollContainer container, int events, String excerpt, Throwable cause,
			boolean deadLettered) {
		each(container, (observer) -> observer.onSkipped(container, events, excerpt, cause, deadLettered));
	}

	@Override
	public void onCursorReset(LongPollContainer container, @Nullable String abandoned, String reason) {
		each(container, (observer) -> observer.onCursorReset(container, abandoned, reason));
	}

	@Override
	public void onCursorSet(LongPollContainer container, @Nullable String previous, @Nullable String current) {
		each(container, (observer) -> observer.onCursorSet(container, previous, current));
	}

	@Override
	public void onOwnershipChanged(LongPollContainer container, boolean owned, String instanceId, String reason) {
		each(container, (observer) -> observer.onOwnershipChanged(container, owned, instanceId, reason));
	}

	@Override
	public void onRecovered(LongPollContainer container, int failures, Duration outage) {
		each(container, (observer) -> observer.onRecovered(container, failures, outage));
	}

	@Override
	public void onHandlerCancelled(LongPollContainer container, Duration waited) {
		each(container, (observer) -> observer.onHandlerCancelled(container, waited));
	}

	@Override
	public void onUnregistered(LongPollContainer container) {
		each(container, (observer) -> observer.onUnregistered(container));
	}

	@Override
	public void onShutdownStarted(int listeners) {
		each(null, (observer) -> observer.onShutdownStarted(listeners));
	}

	@Override
	public void onShutdownCompleted(int listeners, Duration took) {
		each(null, (observer) -> observer.onShutdownCompleted(listeners, took));
	}

	@Override
	public void onStopped(LongPollContainer container, StopReason reason, @Nullable Throwable cause) {
		each(container, (observer) -> observer.onStopped(container, reason, cause));
	}

	private void each(@Nullable LongPollContainer container, Consumer<LongPollObserver> call) {
		for (LongPollObserver observer : this.observers) {
			try {
				call.accept(observer);
			}
			catch (RuntimeException ex) {
				logger.warn(((container != null) ? "Long-poll listener '" + container.id() + "': observer "
						: "Long-poll observer ") + observer + " failed", ex);
			}
		}
	}

}
