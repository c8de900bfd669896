package dev.longpoll.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor: a minimal non-blocking loop on Reactor Netty's HttpClient, decoding with
 * Jackson on the event loop, no starter around it.
 */
final class RawNettyClient implements BenchClient {

	private final ConnectionProvider provider = ConnectionProvider.builder("raw")
		.maxConnections(20_000)
		.pendingAcquireMaxCount(-1)
		.build();

	private final HttpClient client = HttpClient.create(this.provider).responseTimeout(Duration.ofSeconds(40));

	private final List<Disposable> loops = new ArrayList<>();

	@Override
	public int start(int count, String url, Recorder recorder) {
		for (int i = 0; i < count; i++) {
			int listener = i;
			AtomicLong cursor = new AtomicLong();
			this.loops.add(Mono.defer(() -> this.client.get()
				.uri(Feeds.url(url, listener, cursor.get()))
				.responseSingle((response, body) -> (response.status().code() == 200) ? body.asString()
						: body.then(Mono.just(""))))
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
