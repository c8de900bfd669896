package dev.longpoll.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyOutbound;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A long-poll feed of numbered events 1..N, served in random batch sizes after the cursor
 * in {@code ?after=K} as {@code {"last": L, "events": [{"id": ...}, ...]}}, that injects
 * faults into a share of the responses: connection resets, 500, 503 with Retry-After,
 * responses delayed past the client timeout, and premature close mid-body. Past N it
 * holds the poll and answers 204.
 */
public final class ChaosFeedServer implements AutoCloseable {

	/** Kinds of fault, counted as they are served (see {@link #faults(Chaos)}). */
	public enum Chaos {

		RESET, ERROR_500, THROTTLED_503, TOO_SLOW, PREMATURE_CLOSE

	}

	private final int events;

	private final int maxBatch;

	private final double faultRate;

	private final Duration slowDelay;

	private final Random random;

	private final AtomicInteger served = new AtomicInteger();

	private final AtomicInteger[] faults = new AtomicInteger[Chaos.values().length];

	private final LoopResources loops = LoopResources.create("longpoll-feed-server", 1, true);

	private final DisposableServer server;

	/**
	 * Start a feed.
	 * @param events N, the number of events
	 * @param maxBatch the largest batch
	 * @param faultRate the share of responses that are faults
	 * @param slowDelay how long a too-slow response takes (longer than the client timeout)
	 * @param seed the random seed, so a failing run can be replayed
	 */
	public ChaosFeedServer(int events, int maxBatch, double faultRate, Duration slowDelay, long seed) {
		this.events = events;
		this.maxBatch = maxBatch;
		this.faultRate = faultRate;
		this.slowDelay = slowDelay;
		this.random = new Random(seed);
		for (int i = 0; i < this.faults.length; i++) {
			this.faults[i] = new AtomicInteger();
		}
		this.server = HttpServer.create()
			.runOn(this.loops)
			.host("127.0.0.1")
			.port(0)
			.childOption(ChannelOption.SO_LINGER, 0)
			.handle(this::serve)
			.bindNow();
	}

	/**
	 * The feed's URL.
	 * @return {@code http://127.0.0.1:<port>/feed}
	 */
	public String url() {
		return "http://127.0.0.1:" + this.server.port() + "/feed";
	}

	/**
	 * How many faults of a kind were served.
	 * @param fault the kind
	 * @return the count
	 */
	public int faults(Chaos fault) {
		return this.faults[fault.ordinal()].get();
	}

	/**
	 * How many faults were served.
	 * @return the count
	 */
	public int totalFaults() {
		int total = 0;
		for (AtomicInteger count : this.faults) {
			total += count.get();
		}
		return total;
	}

	public int served() {
		return this.served.get();
	}

	private synchronized double nextDouble() {
		return this.random.nextDouble();
	}

	private synchronized int nextInt(int bound) {
		return this.random.nextInt(bound);
	}

	private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
		long after = after(request.uri());
		if (after >= this.events) {
			return Mono.delay(Duration.ofMillis(100)).then(response.status(204).send().then());
		}
		this.served.incrementAndGet();
		int from = (int) after + 1;
		int to = (int) Math.min(this.events, after + 1 + nextInt(this.maxBatch));
		String body = body(from, to);
		if (nextDouble() >= this.faultRate) {
			return json(response, body).then();
		}
		Chaos fault = Chaos.values()[nextInt(Chaos.values().length)];
		this.faults[fault.ordinal()].incrementAndGet();
		return switch (fault) {
			case RESET -> closeConnection(response);
			case ERROR_500 -> response.status(500).sendString(Mono.just("boom")).then();
			case THROTTLED_503 -> response.status(503).header("Retry-After", "0").sendString(Mono.just("busy")).then();
			case TOO_SLOW -> Mono.delay(this.slowDelay).then(json(response, body).then());
			case PREMATURE_CLOSE -> response.header("Content-Type", "application/json")
				.header("Content-Length", Integer.toString(body.length()))
				.sendString(Mono.just(body.substring(0, body.length() / 2)))
				.then()
				.then(closeConnection(response));
		};
	}

	private static Mono<Void> closeConnection(HttpServerResponse response) {
		return Mono.fromRunnable(() -> response.withConnection((connection) -> connection.channel().close()));
	}

	private static NettyOutbound json(HttpServerResponse response, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return response.header("Content-Type", "application/json")
			.header("Content-Length", Integer.toString(bytes.length))
			.sendByteArray(Mono.just(bytes));
	}

	private static String body(int from, int to) {
		StringBuilder body = new StringBuilder("{\"last\":").append(to).append(",\"events\":[");
		for (int id = from; id <= to; id++) {
			body.append((id > from) ? "," : "").append("{\"id\":").append(id).append('}');
		}
		return body.append("]}").toString();
	}

	private static long after(String uri) {
		int at = uri.indexOf("after=");
		if (at < 0) {
			return 0;
		}
		int end = uri.indexOf('&', at);
		return Long.parseLong(uri.substring(at + 6, (end < 0) ? uri.length() : end));
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
	}

}
