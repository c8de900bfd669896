package dev.longpoll.test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A Reactor Netty server that holds every request for a fixed time and answers 204,
 * counting the requests it holds at once.
 */
public final class HoldingServer implements AutoCloseable {

	private final AtomicInteger holding = new AtomicInteger();

	private final AtomicInteger maxHolding = new AtomicInteger();

	private final DisposableServer server;

	public HoldingServer(Duration hold) {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			this.maxHolding.accumulateAndGet(this.holding.incrementAndGet(), Math::max);
			return Mono.delay(hold)
				.then(response.status(204).send())
				.doFinally((signal) -> this.holding.decrementAndGet());
		}).bindNow();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port() + "/feed";
	}

	public int holding() {
		return this.holding.get();
	}

	public int maxHolding() {
		return this.maxHolding.get();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
