package dev.longpoll.container;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.util.backoff.ExponentialBackOff;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.cursor.DeclarativeCursorStrategy;
import dev.longpoll.endpoint.LongPollEndpoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loops on a {@link StubLongPollClient}, with handlers run on the calling thread so that
 * virtual time drives everything.
 */
final class LoopTestSupport {

	final StubLongPollClient client = new StubLongPollClient();

	final RecordingObserver observer = new RecordingObserver();

	final List<String> handled = new CopyOnWriteArrayList<>();

	private final List<LongPollContainer> containers = new CopyOnWriteArrayList<>();

	private LoopTestSupport() {
	}

	static LoopTestSupport create() {
		return new LoopTestSupport();
	}

	/**
	 * An endpoint polling {@code http://feed.test/events} with a body cursor
	 * ({@code /last} sent as {@code after}), backoff 100 ms doubling without jitter, and
	 * a handler that records each body.
	 * @return the builder
	 */
	LongPollEndpoint.Builder endpoint() {
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxInterval(10_000);
		return LongPollEndpoint.builder("test")
			.url("http://feed.test/events")
			.backOff(backOff)
			.minEmptyPollInterval(Duration.ofSeconds(1))
			.cursorStrategy(new DeclarativeCursorStrategy(new DeclarativeCursorStrategy.Source(null, "/last", "", null),
					new DeclarativeCursorStrategy.Target("after", null), JsonMapper.shared()))
			.handler(this::record);
	}

	private Mono<Void> record(LongPollResponse response, @Nullable String cursor) {
		return Mono.fromRunnable(() -> this.handled.add(response.bodyAsString()));
	}

	DefaultLongPollContainer container(LongPollEndpoint.Builder endpoint) {
		return track(new DefaultLongPollContainer(endpoint.build(), this.client, Schedulers.immediate(),
				this.observer, List.of(), Duration.ofSeconds(5)));
	}

	/**
	 * Cancel a container when {@link #close()} is called.
	 * @param <C> its type
	 * @param container the container
	 * @return the container
	 */
	<C extends LongPollContainer> C track(C container) {
		this.containers.add(container);
		return container;
	}

	/**
	 * Cancel every container made or tracked here, so that none outlives its test.
	 */
	void close() {
		this.containers.forEach(LongPollContainer::cancel);
	}

	static String events(int last, int... ids) {
		StringBuilder body = new StringBuilder("{\"last\":").append(last).append(",\"events\":[");
		for (int i = 0; i < ids.length; i++) {
			body.append((i > 0) ? "," : "").append(ids[i]);
		}
		return body.append("]}").toString();
	}

}
