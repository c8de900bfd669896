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
		for (int i = 0; i < this.observers.size(); i++) { // each poll: no lambda, no iterator
			LongPollObserver observer = this.observers.get(i);
			try {
				observer.onPollStarted(container);
			}
			catch (RuntimeException ex) {
				failed(container, observer, ex);
			}
		}
	}

	@Override
	public Context pollContext(LongPollContainer container, Context context) {
		Context result = context;
		for (int i = 0; i < this.observers.size(); i++) {
			LongPollObserver observer = this.observers.get(i);
			try {
				result = observer.pollContext(container, result);
			}
			catch (RuntimeException ex) {
				failed(container, observer, ex);
			}
		}
		return result;
	}

	@Override
	public InvocationScope openHandlerScope(LongPollContainer container) {
		List<InvocationScope> scopes = null;
		for (int i = 0; i < this.observers.size(); i++) {
			LongPollObserver observer = this.observers.get(i);
			try {
				InvocationScope scope = observer.openHandlerScope(container);
				if (scope != InvocationScope.NONE) {
					scopes = (scopes != null) ? scopes : new ArrayList<>(this.observers.size());
					scopes.add(scope);
				}
			}
			catch (RuntimeException ex) {
				failed(container, observer, ex);
			}
		}
		if (scopes == null) {
			return InvocationScope.NONE;
		}
		List<InvocationScope> opened = scopes;
		return () -> {
			for (int i = opened.size() - 1; i >= 0; i--) { // each once, in reverse
				try {
					opened.get(i).close();
				}
				catch (RuntimeException ex) {
					logger.warn("Long-poll listener '" + container.id() + "': closing a handler scope failed", ex);
				}
			}
		};
	}

	@Override
	public void onHandlerStarted(LongPollContainer container) {
		for (int i = 0; i < this.observers.size(); i++) {
			LongPollObserver observer = this.observers.get(i);
			try {
				observer.onHandlerStarted(container);
			}
			catch (RuntimeException ex) {
				failed(container, observer, ex);
			}
		}
	}

	@Override
	public void onHandlerCompleted(LongPollContainer container, int events, Duration duration,
			@Nullable Throwable error) {
		for (int i = 0; i < this.observers.size(); i++) {
			LongPollObserver observer = this.observers.get(i);
			try {
				observer.onHandlerCompleted(container, events, duration, error);
			}
			catch (RuntimeException ex) {
				failed(container, observer, ex);
			}
		}
	}

	@Override
	public void onPollCompleted(LongPollContainer container, PollOutcome outcome, int status, Duration duration) {
		for (int i = 0; i < this.observers.size(); i++) {
			LongPollObserver observer = this.observers.get(i);
			try {
				observer.onPollCompleted(container, outcome, status, duration);
			}
			catch (RuntimeException ex) {
				failed(container, observer, ex);
			}
		}
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
				failed(container, observer, ex);
			}
		}
	}

	private static void failed(@Nullable LongPollContainer container, LongPollObserver observer, RuntimeException ex) {
		logger.warn(((container != null) ? "Long-poll listener '" + container.id() + "': observer "
				: "Long-poll observer ") + observer + " failed", ex);
	}

}
