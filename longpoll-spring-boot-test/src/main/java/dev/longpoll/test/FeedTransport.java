package dev.longpoll.test;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

import dev.longpoll.client.HttpProtocol;

/**
 * How a {@link LongPollFeedServer} speaks: HTTP/1.1, h2c or h2, with or without TLS,
 * retiring connections with a GOAWAY after a number of requests, counting the connections
 * it accepts.
 */
final class FeedTransport {

	private final HttpProtocol protocol;

	private final @Nullable SelfSignedTls tls;

	private final int maxConcurrentStreams;

	private final @Nullable Integer goAwayAfter;

	private final AtomicInteger accepted = new AtomicInteger();

	private final Set<Channel> open = ConcurrentHashMap.newKeySet();

	FeedTransport(HttpProtocol protocol, boolean tls, int maxConcurrentStreams, @Nullable Integer goAwayAfter) {
		this.protocol = protocol;
		this.tls = (protocol == HttpProtocol.H2 || tls) ? SelfSignedTls.create() : null;
		this.maxConcurrentStreams = maxConcurrentStreams;
		this.goAwayAfter = goAwayAfter;
	}

	/**
	 * Bind 127.0.0.1 on a free port.
	 * @param loops the event loops
	 * @param handler what answers each request
	 * @return the bound server
	 */
	DisposableServer bind(LoopResources loops,
			BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
		HttpServer server = HttpServer.create()
			.runOn(loops)
			.host("127.0.0.1")
			.port(0)
			.doOnChannelInit((observer, channel, address) -> accepted(channel));
		SelfSignedTls tls = this.tls;
		server = switch (this.protocol) {
			case HTTP1 -> (tls != null) ? server.secure((spec) -> spec.sslContext(tls.http11ServerSpec())) : server;
			case H2C -> server.protocol(reactor.netty.http.HttpProtocol.H2C, reactor.netty.http.HttpProtocol.HTTP11);
			case H2 -> server.protocol(reactor.netty.http.HttpProtocol.H2, reactor.netty.http.HttpProtocol.HTTP11)
				.secure((spec) -> spec.sslContext(Objects.requireNonNull(tls).serverSpec()));
		};
		server = server.http2Settings((spec) -> spec.maxConcurrentStreams(this.maxConcurrentStreams));
		if (this.goAwayAfter == null) {
			return server.handle(handler).bindNow();
		}
		GoAwayAfter goAway = new GoAwayAfter(this.goAwayAfter);
		return server.maxKeepAliveRequests(this.goAwayAfter).handle((request, response) -> {
			request.withConnection((connection) -> goAway.requestOn(connection.channel()));
			return handler.apply(request, response);
		}).bindNow();
	}

	private void accepted(Channel channel) {
		this.accepted.incrementAndGet();
		this.open.add(channel);
		channel.closeFuture().addListener((future) -> this.open.remove(channel));
	}

	HttpProtocol protocol() {
		return this.protocol;
	}

	String scheme() {
		return (this.tls != null) ? "https" : "http";
	}

	int accepted() {
		return this.accepted.get();
	}

	int open() {
		return this.open.size();
	}

	String certificatePem() {
		if (this.tls == null) {
			throw new IllegalStateException("This feed server speaks " + this.protocol.value() + ", without TLS");
		}
		return this.tls.certificatePem();
	}

}
