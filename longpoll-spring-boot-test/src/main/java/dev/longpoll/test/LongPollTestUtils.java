package dev.longpoll.test;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;

/**
 * Waits for what tests of long-poll listeners wait for, and points listeners at a
 * {@link LongPollFeedServer}, in the manner of spring-kafka-test's
 * {@code ContainerTestUtils}.
 */
public final class LongPollTestUtils {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

	private LongPollTestUtils() {
	}

	/**
	 * Add the properties that point a listener at the default feed of a server to a
	 * {@code @DynamicPropertySource} registry.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 * @param server the server
	 * @param listenerId the listener id
	 */
	public static void registerListener(DynamicPropertyRegistry registry, LongPollFeedServer server,
			String listenerId) {
		registerListener(registry, server, listenerId, LongPollFeedServer.DEFAULT_FEED);
	}

	/**
	 * Add the properties that point a listener at a named feed of a server to a
	 * {@code @DynamicPropertySource} registry.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 * @param server the server
	 * @param listenerId the listener id
	 * @param feed the feed name
	 */
	public static void registerListener(DynamicPropertyRegistry registry, LongPollFeedServer server,
			String listenerId, String feed) {
		server.listenerProperties(listenerId, feed).forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * Wait until a listener is {@link ListenerState#RUNNING running}.
	 * @param registry the listener registry
	 * @param listenerId the listener id
	 * @param timeout how long to wait
	 * @return the listener's container
	 * @throws AssertionError if it is not running in time, naming its state and last error
	 */
	public static LongPollContainer awaitRunning(LongPollListenerRegistry registry, String listenerId,
			Duration timeout) {
		await(() -> state(registry, listenerId) == ListenerState.RUNNING, timeout,
				() -> "listener '" + listenerId + "' running" + describe(registry, listenerId));
		return Objects.requireNonNull(registry.getContainer(listenerId));
	}

	/**
	 * Wait until a listener has committed a cursor: every event up to it was handled.
	 * @param registry the listener registry
	 * @param listenerId the listener id
	 * @param cursor the cursor
	 * @param timeout how long to wait
	 * @throws AssertionError if it does not happen in time, naming the listener's cursor,
	 * state and last error
	 */
	public static void awaitCursor(LongPollListenerRegistry registry, String listenerId, String cursor,
			Duration timeout) {
		await(() -> {
			LongPollContainer container = registry.getContainer(listenerId);
			return container != null && cursor.equals(container.cursor());
		}, timeout, () -> "listener '" + listenerId + "' at cursor '" + cursor + "'" + describe(registry, listenerId));
	}

	/**
	 * Wait for a condition, checking it every 10 ms (with Awaitility).
	 * @param condition the condition
	 * @param timeout how long to wait
	 * @param what what was awaited, for the failure message
	 * @throws AssertionError if it is not met in time
	 */
	public static void await(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
		try {
			Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL)
				.until(condition::getAsBoolean);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Waited " + timeout + " for " + what.get(), ex);
		}
	}

	private static ListenerState state(LongPollListenerRegistry registry, String listenerId) {
		LongPollContainer container = registry.getContainer(listenerId);
		return (container != null) ? container.state() : ListenerState.CREATED;
	}

	private static String describe(LongPollListenerRegistry registry, String listenerId) {
		LongPollContainer container = registry.getContainer(listenerId);
		if (container == null) {
			return "; no such listener is registered";
		}
		Throwable error = container.lastError();
		return "; it is " + container.state() + " at cursor '" + container.cursor() + "'"
				+ ((error != null) ? ", last error: " + error : "");
	}

}
