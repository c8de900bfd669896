package dev.longpoll.container;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Decides which listeners run on this instance when several instances of an application
 * share their listeners: the {@link LongPollListenerRegistry} hands its listeners over
 * instead of starting them itself.
 */
public interface ListenerCoordinator {

	/**
	 * The registry started: run these listeners where this instance is to poll them.
	 * @param containers the listeners that start with the application
	 * @param observer told when this instance takes or gives up a listener
	 */
	void start(List<LongPollContainer> containers, LongPollObserver observer);

	/**
	 * A listener was registered while the registry runs.
	 * @param container the listener
	 */
	void added(LongPollContainer container);

	/**
	 * A listener was unregistered (and stopped).
	 * @param container the listener
	 */
	void removed(LongPollContainer container);

	/**
	 * The registry is about to stop its listeners: start no listener from now on, and
	 * finish what is under way (a round that may start one), so that the registry stops
	 * every listener that runs. Called before {@link #stop()}.
	 * @return completes once nothing more can start a listener
	 */
	default Mono<Void> stopStarting() {
		return Mono.empty();
	}

	/**
	 * The registry stopped every listener (their cursors are committed): give them all up
	 * so that other instances take them at once. A listener still running here is stopped
	 * before its lease is released.
	 * @return completes when given up
	 */
	Mono<Void> stop();

	/**
	 * Apply a control asked by hand wherever the listener runs: the coordinator keeps it
	 * where all instances see it, and the instance that polls the listener applies it
	 * within {@link #controlDelay()}, and again after the listener moves to another
	 * instance (a paused or stopped listener stays so until resumed or started).
	 * @param listenerId the listener id
	 * @param control what is asked
	 * @return {@code false} if this coordinator does not share controls: the registry then
	 * applies it on this instance
	 */
	default boolean control(String listenerId, ListenerControl control) {
		return false;
	}

	/**
	 * How long a control asked on any instance may take to apply where the listener runs.
	 * @return at most this long
	 */
	default java.time.Duration controlDelay() {
		return java.time.Duration.ZERO;
	}

	/**
	 * The name of this instance.
	 * @return the instance id
	 */
	String instanceId();

	/**
	 * Whether another instance is to poll this listener, or none yet: it waits here.
	 * @param listenerId the listener id
	 * @return whether it is on standby on this instance
	 */
	boolean isStandby(String listenerId);

	/**
	 * The instance that polls a listener, as last seen.
	 * @param listenerId the listener id
	 * @return the instance id, or {@code null} if none holds it
	 */
	@Nullable String owner(String listenerId);

	/**
	 * How many listeners this instance polls.
	 * @return the number
	 */
	int owned();

}
