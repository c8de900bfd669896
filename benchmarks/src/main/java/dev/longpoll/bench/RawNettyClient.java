package dev.longpoll.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor: a minimal non-blocking loop on Reactor Netty's HttpClient, decoding with
 * Jackson, no starter around it; the handler runs on the event loop, or (offload) on
 * Reactor's bounded elastic scheduler.
 */
final class RawNettyClient implements BenchClient {

	private final boolean offload;

	private final ConnectionProvider provider = ConnectionProvider.builder("raw")
		.maxConnections(20_000)
		.pendingAcquireMaxCount(-1)
		.build();

	private final HttpClient client = HttpClient.create(this.provider).responseTimeout(Duration.ofSeconds(40));

	private final List<Disposable> loops = new ArrayList<>();

	/**
	 * Create the loop.
	 * @param offload whether the handler runs off the event loop on Reactor's bounded
	 * elastic scheduler, as a blocking-safe design must
	 */
	RawNettyClient(boolean offload) {
		this.offload = offload;
	}

	@Override
	public int start(int count, String url, Recorder recorder) {
		for (int i = 0; i < count; i++) {
			int listener = i;
			AtomicLong cursor = new AtomicLong();
			this.loops.add(Mono.defer(() -> this.client.get()
				.uri(Feeds.url(url, listener, cursor.get()))
				.responseSingle((response, body) -> (response.status().code() == 200) ? body.asString()
						: body.then(Mono.just(""))))
				.publishOn(this.offload ? Schedulers.boundedElastic() : Schedulers.immediate())
				.doOnNext((body) -> cursor.set(Feeds.deliver(body, recorder, cursor.get())))
				.onErrorResume((ex) -> Mono.delay(Duration.ofMillis(100)).then(Mono.empty()))
				.repeat()
				.subscribe());
		}
		return count;
	}

	@Override
	public void close() {
		this.loops.forEach(Disposable::dispose);
		this.provider.dispose();
	}

}
