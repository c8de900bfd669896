package dev.longpoll.test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A Reactor Netty server that holds every request for a fixed time and answers 204,
 * counting the requests it holds at once; optionally it first answers one request with a
 * body.
 */
public final class HoldingServer implements AutoCloseable {

	private final AtomicInteger holding = new AtomicInteger();

	private final LoopResources loops = LoopResources.create("longpoll-feed-server", 1, true);

	private final DisposableServer server;

	/**
	 * Start a server that holds every poll.
	 * @param hold how long, before answering 204
	 */
	public HoldingServer(Duration hold) {
		this(hold, null);
	}

	private HoldingServer(Duration hold, @Nullable String firstBody) {
		Set<String> answered = ConcurrentHashMap.newKeySet();
		this.server = HttpServer.create().runOn(this.loops).host("127.0.0.1").port(0).handle((request, response) -> {
			if (firstBody != null && answered.add(request.uri())) {
				return response.header("Content-Type", "application/json").sendString(Mono.just(firstBody));
			}
			this.holding.incrementAndGet();
			return Mono.delay(hold)
				.then(response.status(204).send())
				.doFinally((signal) -> this.holding.decrementAndGet());
		}).bindNow();
	}

	/**
	 * A server that answers the first request to each URI with a JSON body, then holds.
	 * @param body the first body
	 * @return the server
	 */
	public static HoldingServer answering(String body) {
		return new HoldingServer(Duration.ofSeconds(30), body);
	}

	/**
	 * The URL it serves (any path works).
	 * @return {@code http://127.0.0.1:<port>/feed}
	 */
	public String url() {
		return "http://127.0.0.1:" + this.server.port() + "/feed";
	}

	/**
	 * How many polls it holds now.
	 * @return the count
	 */
	public int holding() {
		return this.holding.get();
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
	}

}
