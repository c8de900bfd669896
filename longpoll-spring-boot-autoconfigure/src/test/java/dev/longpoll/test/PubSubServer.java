package dev.longpoll.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.NettyOutbound;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A pub/sub channel served the way nginx-based long-poll servers do (nchan's long-poll
 * subscriber): a subscriber sends the tag of the last message it has as
 * {@code If-None-Match}; the next message comes back with its tag as {@code ETag} (no
 * {@code Last-Modified}); a hold that brings nothing ends with {@code 408 Request Timeout};
 * after a restart the server knows none of the old tags and answers {@code 410 Gone},
 * the held polls included.
 */
public final class PubSubServer implements AutoCloseable {

	private final Duration hold;

	private final List<String> messages = new ArrayList<>();

	private final AtomicInteger requests = new AtomicInteger();

	private final AtomicInteger holding = new AtomicInteger();

	private final AtomicInteger mostHolding = new AtomicInteger();

	private final List<String> ifNoneMatch = new java.util.concurrent.CopyOnWriteArrayList<>();

	private int epoch = 1;

	private Sinks.Empty<Void> changed = Sinks.empty();

	private final DisposableServer server;

	/**
	 * Start a channel.
	 * @param hold how long a poll is held when there is nothing new
	 */
	public PubSubServer(Duration hold) {
		this.hold = hold;
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::serve).bindNow();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port() + "/sub/channel";
	}

	/**
	 * Publish a message; a held poll gets it at once.
	 * @param body the message
	 */
	public void publish(String body) {
		Sinks.Empty<Void> waiting;
		synchronized (this) {
			this.messages.add(body);
			waiting = this.changed;
			this.changed = Sinks.empty();
		}
		waiting.tryEmitEmpty();
	}

	/**
	 * Restart: the messages and their tags are gone; every tag a subscriber holds is
	 * unknown, held polls included.
	 */
	public void restart() {
		Sinks.Empty<Void> waiting;
		synchronized (this) {
			this.epoch++;
			this.messages.clear();
			waiting = this.changed;
			this.changed = Sinks.empty();
		}
		waiting.tryEmitEmpty();
	}

	public int requests() {
		return this.requests.get();
	}

	/**
	 * The most polls held at once (waiting for a message): more than one means two loops
	 * polled one subscriber.
	 * @return the most
	 */
	public int mostHolding() {
		return this.mostHolding.get();
	}

	/**
	 * The {@code If-None-Match} of every request, {@code -} when absent.
	 * @return the values, in order
	 */
	public List<String> ifNoneMatch() {
		return this.ifNoneMatch;
	}

	private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
		this.requests.incrementAndGet();
		String tag = request.requestHeaders().get("If-None-Match");
		this.ifNoneMatch.add((tag != null) ? tag : "-");
		return answer(tag, response, true);
	}

	private Mono<Void> answer(@Nullable String tag, HttpServerResponse response, boolean mayHold) {
		Mono<Void> changed;
		synchronized (this) {
			int next = nextIndex(tag);
			if (next < 0) {
				return response.status(410).sendString(Mono.just("unknown message id")).then();
			}
			if (next < this.messages.size()) {
				return message(response, next).then();
			}
			changed = this.changed.asMono();
		}
		if (!mayHold) {
			return response.status(408).send().then();
		}
		this.mostHolding.accumulateAndGet(this.holding.incrementAndGet(), Math::max);
		return Mono.firstWithSignal(changed, Mono.delay(this.hold).then())
			.doFinally((signal) -> this.holding.decrementAndGet())
			.then(Mono.defer(() -> answer(tag, response, false)));
	}

	/**
	 * The index of the first message after a tag: 0 without a tag, -1 for an unknown one.
	 */
	private int nextIndex(@Nullable String tag) {
		if (tag == null) {
			return 0;
		}
		String[] parts = tag.replace("\"", "").split(":");
		if (parts.length != 2 || Integer.parseInt(parts[0]) != this.epoch) {
			return -1;
		}
		int index = Integer.parseInt(parts[1]);
		return (index <= this.messages.size()) ? index : -1;
	}

	private NettyOutbound message(HttpServerResponse response, int index) {
		return response.header("ETag", "\"" + this.epoch + ":" + (index + 1) + "\"")
			.header("Content-Type", "text/plain")
			.sendString(Mono.just(this.messages.get(index)));
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
