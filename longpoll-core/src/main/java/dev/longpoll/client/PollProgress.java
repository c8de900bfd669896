package dev.longpoll.client;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

import io.netty.handler.codec.http2.Http2StreamChannel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;

/**
 * How far one exchange got, for the timeout's message and classification; over
 * HTTP/2 also whether its request went out, which starts its timeout.
 */
final class PollProgress {

	final PollRequest request;

	final LongPollConnections.@Nullable Host host;

	private final LongPollConnections connections;

	private final int maxConnections;

	/** Created when the deadline finds the poll not yet sent, to learn when it is. */
	private Sinks.@Nullable Empty<Void> sent;

	private boolean isSent;

	private long sentAt;

	volatile int status;

	volatile boolean bodyStarted;

	/** Whether the request reached the HTTP client, past the application's filters. */
	volatile boolean reachedConnector;

	/** Whether TLS settled on HTTP/1.1 for an h2 poll, which was then refused. */
	volatile boolean notHttp2;

	private volatile @Nullable Http2StreamChannel stream;

	/**
	 * The stream's connection, kept from when the request went out: by the time a
	 * refused stream's error arrives the channel may be closed and its pipeline gone.
	 */
	private volatile @Nullable Http2ConnectionState http2Connection;

	private long waitingSince;

	private boolean waiting;

	PollProgress(PollRequest request, LongPollConnections.@Nullable Host host, LongPollConnections connections,
			int maxConnections) {
		this.request = request;
		this.host = host;
		this.connections = connections;
		this.maxConnections = maxConnections;
	}

	/**
	 * When the poll times out, with one timer: after {@code timeout}, a poll still in
	 * the application's filters has timed out; one waiting for a stream gets its whole
	 * timeout once it is sent; one that was sent gets what is left of its timeout.
	 */
	Mono<Long> deadline(Duration timeout) {
		return Mono.delay(timeout).flatMap((tick) -> {
			if (!this.reachedConnector) {
				return Mono.just(tick);
			}
			Sinks.Empty<Void> signal;
			synchronized (this) {
				if (!this.isSent) {
					signal = Sinks.empty();
					this.sent = signal;
				}
				else {
					long left = this.sentAt + timeout.toNanos() - System.nanoTime();
					return (left <= 0) ? Mono.just(tick) : Mono.delay(Duration.ofNanos(left));
				}
			}
			return signal.asMono().then(Mono.delay(timeout));
		});
	}

	synchronized void waiting() {
		if (this.host != null && !this.waiting) {
			this.waiting = true;
			this.waitingSince = System.nanoTime();
			this.connections.counts(this.host).pending.incrementAndGet();
		}
	}

	void sent(Connection connection) {
		if (this.host == null) {
			return;
		}
		long waited = notWaiting();
		Sinks.Empty<Void> signal;
		synchronized (this) {
			this.isSent = true;
			this.sentAt = System.nanoTime();
			signal = this.sent;
		}
		if (connection.channel().parent() == null) { // not a stream: ALPN chose HTTP/1.1
			this.notHttp2 = true;
			connection.channel().close();
			return;
		}
		this.http2Connection = Http2ConnectionState.of(connection.channel().parent());
		// its id is given when its HEADERS go out, after this: read it when needed
		this.stream = (connection.channel() instanceof Http2StreamChannel stream) ? stream : null;
		this.connections.requestSent(this.host, connection.channel());
		if (waited > 0 && this.connections.usage(this.host).connections() >= this.maxConnections) {
			// not a slow connect: every connection allowed was open, and the poll waited for a stream
			this.connections.waited(this.host, this.request.listenerId(), waited);
		}
		if (signal != null) {
			signal.tryEmitEmpty();
		}
	}

	/**
	 * Whether the server never processed this poll: its stream was above the last
	 * stream id of a routine GOAWAY, or the server refused the stream
	 * ({@code REFUSED_STREAM}, RFC 9113, 8.7).
	 */
	boolean refused(Throwable failure) {
		Http2ConnectionState connection = this.http2Connection;
		Http2StreamChannel stream = this.stream;
		if (stream == null) { // never sent: the pool found only connections a GOAWAY had retired
			return Http2Refusal.noStreamLeft(failure);
		}
		int id = stream.stream().id();
		return (connection != null && id > 0 && connection.refusedByRoutineGoAway(id))
				|| Http2Refusal.refusedStream(failure);
	}

	/**
	 * Stop counting this poll as waiting for a stream.
	 * @return how long it waited, or 0 if it was not waiting
	 */
	synchronized long notWaiting() {
		if (this.host == null || !this.waiting) {
			return 0;
		}
		this.waiting = false;
		this.connections.counts(this.host).pending.decrementAndGet();
		return Math.max(1, System.nanoTime() - this.waitingSince);
	}

	/**
	 * Marks the poll's {@link PollProgress} when its request reaches the HTTP client, that is
	 * when the application's filters are done and the wait for a stream begins.
	 */
	static final class MarkingConnector implements ClientHttpConnector {

		private final ClientHttpConnector delegate;

		MarkingConnector(ClientHttpConnector delegate) {
			this.delegate = delegate;
		}

		@Override
		public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
				Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
			return Mono.deferContextual((context) -> {
				PollProgress progress = context.getOrDefault(PollProgress.class, null);
				if (progress != null) {
					progress.reachedConnector = true;
				}
				return this.delegate.connect(method, uri, requestCallback);
			});
		}

	}

}
