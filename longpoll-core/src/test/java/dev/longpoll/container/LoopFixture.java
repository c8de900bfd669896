package dev.longpoll.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.client.LongPollRequestCustomizer;
import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.WebClientLongPollClient;
import dev.longpoll.endpoint.LongPollEndpoint;

/**
 * Runs real loops against a real HTTP server: the production client on its own pool, a
 * handler that records bodies, and fast backoff.
 */
public class LoopFixture implements AutoCloseable {

	public final RecordingObserver observer = new RecordingObserver();

	public final List<String> bodies = new CopyOnWriteArrayList<>();

	public final List<String> cursors = new CopyOnWriteArrayList<>();

	private final WebClientLongPollClient client = new WebClientLongPollClient(
			ConnectionProvider.builder("test").maxConnections(50).build(), WebClient.builder());

	private final Scheduler scheduler = Schedulers.newBoundedElastic(4, 100, "test-handler");

	private final List<LongPollContainer> containers = new ArrayList<>();

	private final List<LongPollRequestCustomizer> requestCustomizers = new ArrayList<>();

	/**
	 * An endpoint builder with fast backoff (50 ms doubling, no jitter) and a handler
	 * that records each body and cursor.
	 * @param url the feed URL
	 * @return the builder
	 */
	public LongPollEndpoint.Builder endpoint(String url) {
		ExponentialBackOff backOff = new ExponentialBackOff(50, 2.0);
		backOff.setMaxInterval(1000);
		return LongPollEndpoint.builder("test")
			.url(url)
			.timeout(Duration.ofSeconds(5))
			.minEmptyPollInterval(Duration.ZERO)
			.backOff(backOff)
			.handler((response, cursor) -> Mono.fromRunnable(() -> record(response, cursor)));
	}

	private void record(LongPollResponse response, String cursor) {
		this.bodies.add(response.bodyAsString());
		this.cursors.add(String.valueOf(cursor));
	}

	public LoopFixture requestCustomizer(LongPollRequestCustomizer customizer) {
		this.requestCustomizers.add(customizer);
		return this;
	}

	public LongPollContainer start(LongPollEndpoint.Builder endpoint) {
		LongPollContainer container = new DefaultLongPollContainer(endpoint.build(), this.client, this.scheduler,
				this.observer, this.requestCustomizers, Duration.ofSeconds(5));
		this.containers.add(container);
		container.start();
		return container;
	}

	@Override
	public void close() {
		this.containers.forEach((container) -> container.stop().block(Duration.ofSeconds(5)));
		this.client.destroy();
		this.scheduler.dispose();
	}

}
