package dev.longpoll.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import dev.longpoll.test.GoAwayAfter;

/**
 * The long-poll feed the benchmarks poll, run in its own JVM on loopback. It prints
 * {@code PORT <n>} once listening.
 * <ul>
 * <li>{@code GET /hold}: holds 30 seconds, then 204 (scale).</li>
 * <li>{@code GET /latency?id=I&after=K}: listener I's feed; every second the server
 * publishes one event per listener, listener I at millisecond {@code I % 1000} of the
 * second, stamped with the publish time in epoch microseconds; a held poll is answered at
 * once (latency).</li>
 * <li>{@code GET /throughput/B?after=K}: always answers at once with B events
 * (throughput).</li>
 * <li>{@code GET /big?after=K}: always answers at once with 40,000 events, about 1 MB
 * (a listener with large bodies beside small ones, for head-of-line blocking).</li>
 * <li>{@code GET /stats}: how many polls are held now.</li>
 * </ul>
 * The same routes are served three times: HTTP/1.1 on {@code PORT}; HTTP/2 with prior
 * knowledge (and HTTP/1.1) on {@code H2C_PORT}, 100 streams a connection as Netty servers
 * allow; and the same with a GOAWAY every 100 requests on a connection, as nginx's
 * {@code keepalive_requests}, on {@code GOAWAY_PORT}.
 * Events are {@code {"last": K, "events": [{"id": K, "ts": micros}, ...]}}.
 */
public final class FeedServerMain {

	private static final Duration HOLD = Duration.ofSeconds(30);

	private static final Duration LATENCY_HOLD = Duration.ofSeconds(30);

	private static final int BIG_BATCH = 40_000;

	private final AtomicInteger holding = new AtomicInteger();

	private final Map<Integer, Channel> channels = new ConcurrentHashMap<>();

	public static void main(String[] args) {
		new FeedServerMain().run();
	}

	private void run() {
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle(this::route).bindNow();
		HttpServer http2 = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.protocol(HttpProtocol.H2C, HttpProtocol.HTTP11)
			.http2Settings((settings) -> settings.maxConcurrentStreams(100));
		DisposableServer h2c = http2.handle(this::route).bindNow();
		GoAwayAfter goAway = new GoAwayAfter(100);
		DisposableServer goAways = http2.handle((request, response) -> {
			request.withConnection((connection) -> goAway.requestOn(connection.channel()));
			return route(request, response);
		}).bindNow();
		Flux.interval(Duration.ofMillis(1), Schedulers.newSingle("publisher")).subscribe(this::publish);
		System.out.println("PORT " + server.port());
		System.out.println("H2C_PORT " + h2c.port());
		System.out.println("GOAWAY_PORT " + goAways.port());
		System.out.flush();
		server.onDispose().block();
	}

	private Mono<Void> route(HttpServerRequest request, HttpServerResponse response) {
		QueryStringDecoder query = new QueryStringDecoder(request.uri());
		String path = query.path();
		if (path.startsWith("/throughput/")) {
			return json(response, batch(parameter(query, "after", 0), Integer.parseInt(path.substring(12))));
		}
		return switch (path) {
			case "/hold" -> hold(response, HOLD);
			case "/latency" -> latency(response, (int) parameter(query, "id", 0), parameter(query, "after", 0));
			case "/big" -> json(response, batch(parameter(query, "after", 0), BIG_BATCH));
			case "/stats" -> json(response, "{\"holding\":" + this.holding.get() + "}");
			default -> response.status(404).send().then();
		};
	}

	private Mono<Void> hold(HttpServerResponse response, Duration hold) {
		this.holding.incrementAndGet();
		return Mono.delay(hold)
			.then(response.status(204).send().then())
			.doFinally((signal) -> this.holding.decrementAndGet());
	}

	private Mono<Void> latency(HttpServerResponse response, int id, long after) {
		Channel channel = this.channels.computeIfAbsent(id, (key) -> new Channel());
		Mono<String> event;
		synchronized (channel) {
			if (channel.seq > after) {
				event = Mono.just(channel.body());
			}
			else {
				channel.waiting = Sinks.one();
				event = channel.waiting.asMono();
			}
		}
		this.holding.incrementAndGet();
		return event.timeout(LATENCY_HOLD, Mono.just(""))
			.flatMap((body) -> body.isEmpty() ? response.status(204).send().then() : json(response, body))
			.doFinally((signal) -> this.holding.decrementAndGet());
	}

	private void publish(long tick) {
		int slot = (int) (tick % 1000);
		this.channels.forEach((id, channel) -> {
			if (id % 1000 == slot) {
				Sinks.One<String> waiting;
				String body;
				synchronized (channel) {
					channel.seq++;
					channel.ts = nowMicros();
					body = channel.body();
					waiting = channel.waiting;
					channel.waiting = null;
				}
				if (waiting != null) {
					waiting.tryEmitValue(body);
				}
			}
		});
	}

	static long nowMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
	}

	private static String batch(long after, int size) {
		StringBuilder body = new StringBuilder(32 + size * 24).append("{\"last\":").append(after + size)
			.append(",\"events\":[");
		for (long id = after + 1; id <= after + size; id++) {
			body.append((id > after + 1) ? "," : "").append("{\"id\":").append(id).append(",\"ts\":0}");
		}
		return body.append("]}").toString();
	}

	private static Mono<Void> json(HttpServerResponse response, String body) {
		return response.header("Content-Type", "application/json").sendString(Mono.just(body)).then();
	}

	private static long parameter(QueryStringDecoder query, String name, long fallback) {
		var values = query.parameters().get(name);
		return (values == null || values.isEmpty()) ? fallback : Long.parseLong(values.get(0));
	}

	private static final class Channel {

		long seq;

		long ts;

		Sinks.One<String> waiting;

		String body() {
			return "{\"last\":" + this.seq + ",\"events\":[{\"id\":" + this.seq + ",\"ts\":" + this.ts + "}]}";
		}

	}

}
