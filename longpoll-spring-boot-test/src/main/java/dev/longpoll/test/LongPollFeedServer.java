package dev.longpoll.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

import dev.longpoll.client.HttpProtocol;

/**
 * An in-process long-poll feed for tests: it holds each poll until an event is published
 * or its hold ends, speaks one of the common {@link CursorStyle cursor styles}, answers an
 * idle hold the way real servers do, injects {@link Fault faults} and records every
 * {@link RecordedPoll poll}. Each server has any number of named feeds, each with its own
 * events numbered from 1: {@link #url()} is the feed {@value #DEFAULT_FEED},
 * {@link #url(String)} another.
 *
 * <pre class="code">
 * try (LongPollFeedServer feed = LongPollFeedServer.start()) {
 *     // point a listener at it: feed.listenerProperties("orders")
 *     feed.publish("{\"id\":7}");
 * }
 * </pre>
 *
 * It listens on 127.0.0.1 on a free port, on Reactor Netty, without a thread of its own.
 * It speaks HTTP/1.1, or with {@link Builder#protocol(HttpProtocol)} also cleartext
 * HTTP/2 ({@code h2c}, prior knowledge and HTTP/1.1 on one port, as nginx's
 * {@code listen ... http2}) or HTTP/2 over TLS ({@code h2}, with a certificate it makes);
 * it counts the connections it accepts and, like nginx's {@code keepalive_requests}, can
 * close each connection gracefully after a number of requests (a GOAWAY over HTTP/2).
 */
public final class LongPollFeedServer implements AutoCloseable {

	/** The name of the feed at {@link #url()}. */
	public static final String DEFAULT_FEED = "feed";

	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

	private static final long EPOCH_OF_EVENTS = 1_000_000_000L; // Last-Modified of event n: this + n seconds

	private final CursorStyle style;

	private final Duration hold;

	private final @Nullable Integer idleStatus;

	private final int maxBatch;

	private final LoopResources loops = LoopResources.create("longpoll-feed-server", 1, true);

	private final DisposableServer server;

	private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

	private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();

	private final List<RecordedPoll> polls = new CopyOnWriteArrayList<>();

	private final FeedTransport transport;

	private LongPollFeedServer(Builder settings) {
		this.style = settings.style;
		this.hold = settings.hold;
		this.idleStatus = settings.idleStatus;
		this.maxBatch = settings.maxBatch;
		this.transport = new FeedTransport(settings.protocol, settings.tls, settings.maxConcurrentStreams,
				settings.goAwayAfter);
		// event loops of its own: a Spring context closed by the test disposes Reactor Netty's shared ones
		this.server = this.transport.bind(this.loops, this::serve);
	}

	/**
	 * How many connections this server has accepted since it started.
	 * @return the connections accepted
	 */
	public int connectionsAccepted() {
		return this.transport.accepted();
	}

	/**
	 * How many connections are open now.
	 * @return the open connections
	 */
	public int openConnections() {
		return this.transport.open();
	}

	/**
	 * The protocol this server speaks besides HTTP/1.1.
	 * @return the protocol
	 */
	public HttpProtocol protocol() {
		return this.transport.protocol();
	}

	/**
	 * The certificate of a server that speaks TLS ({@link Builder#tls()} or
	 * {@link HttpProtocol#H2 h2}), in PEM, for a trust store:
	 * for example {@code spring.ssl.bundle.pem.<name>.truststore.certificate} pointing at
	 * a file that holds it.
	 * @return the certificate
	 * @throws IllegalStateException if the server does not speak TLS
	 */
	public String certificatePem() {
		return this.transport.certificatePem();
	}

	/**
	 * Start a server with the defaults: {@link CursorStyle#QUERY_AND_BODY}, a 30 s hold.
	 * @return the running server
	 */
	public static LongPollFeedServer start() {
		return builder().start();
	}

	/**
	 * Configure a server.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The URL of the default feed.
	 * @return {@code http://127.0.0.1:<port>/feed}
	 */
	public String url() {
		return url(DEFAULT_FEED);
	}

	/**
	 * The URL of a named feed.
	 * @param feed the feed name (letters, digits, {@code -})
	 * @return {@code http://127.0.0.1:<port>/feeds/<feed>}, or {@code /feed} for the
	 * default feed
	 */
	public String url(String feed) {
		String path = DEFAULT_FEED.equals(feed) ? "/feed" : "/feeds/" + feed;
		return this.transport.scheme() + "://127.0.0.1:" + this.server.port() + path;
	}

	/**
	 * The cursor style this server speaks.
	 * @return the style
	 */
	public CursorStyle style() {
		return this.style;
	}

	/**
	 * The properties that point a listener at the default feed and set its cursor to this
	 * server's style, to add to a test's environment (see
	 * {@link LongPollTestUtils#registerListener}).
	 * @param listenerId the listener id
	 * @return property names ({@code longpoll.listeners.<id>.*}) and values
	 */
	public Map<String, String> listenerProperties(String listenerId) {
		return listenerProperties(listenerId, DEFAULT_FEED);
	}

	/**
	 * The properties that point a listener at a named feed.
	 * @param listenerId the listener id
	 * @param feed the feed name
	 * @return property names ({@code longpoll.listeners.<id>.*}) and values
	 */
	public Map<String, String> listenerProperties(String listenerId, String feed) {
		String prefix = "longpoll.listeners." + listenerId + ".";
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(prefix + "url", url(feed));
		properties.put(prefix + "timeout", this.hold.plusSeconds(5).toMillis() + "ms");
		// a listener that asks for a hold (hold-hint.parameter) asks for this server's
		properties.put(prefix + "hold-hint.duration", this.hold.toMillis() + "ms");
		switch (this.style) {
			case QUERY_AND_BODY -> {
				properties.put(prefix + "payload-pointer", "/events");
				properties.put(prefix + "cursor.from-body", "/last");
				properties.put(prefix + "cursor.query-parameter", "after");
				properties.put(prefix + "cursor.initial", "0");
			}
			case INDEX_HEADER -> {
				properties.put(prefix + "cursor.from-header", "X-Index");
				properties.put(prefix + "cursor.query-parameter", "index");
				properties.put(prefix + "cursor.initial", "0");
			}
			case ETAG -> properties.put(prefix + "cursor.etag", "true");
			case LAST_MODIFIED -> properties.put(prefix + "cursor.last-modified", "true");
		}
		return properties;
	}

	/**
	 * Publish an event on the default feed and wake the polls it holds.
	 * @param json the event, a JSON value
	 * @return its number
	 */
	public long publish(String json) {
		return publish(DEFAULT_FEED, json);
	}

	/**
	 * Publish an event on a named feed.
	 * @param feed the feed name
	 * @param json the event, a JSON value
	 * @return its number
	 */
	public long publish(String feed, String json) {
		return feed(feed).publish(Objects.requireNonNull(json, "json"));
	}

	/**
	 * Publish an object, written as JSON, on the default feed.
	 * @param event the event
	 * @return its number
	 */
	public long publishValue(Object event) {
		return publish(JsonMapper.shared().writeValueAsString(event));
	}

	/**
	 * The number of the last event published on a feed.
	 * @param feed the feed name
	 * @return the number, {@code 0} before the first
	 */
	public long lastEvent(String feed) {
		return feed(feed).last();
	}

	/**
	 * Forget the events of a feed up to a number, as a server that compacts its history:
	 * a poll from a position before them is answered {@code 410 Gone}.
	 * @param feed the feed name
	 * @param upTo the last event forgotten
	 */
	public void forget(String feed, long upTo) {
		feed(feed).forget(upTo);
	}

	/**
	 * Start the numbering of a feed again with no events, as a server that restarted and
	 * lost its history.
	 * @param feed the feed name
	 */
	public void restart(String feed) {
		this.feeds.remove(feed);
	}

	/**
	 * Apply these faults to the next polls, one each, in order, whatever their feed.
	 * @param faults the faults
	 */
	public void failNext(Fault... faults) {
		this.faults.addAll(List.of(faults));
	}

	/**
	 * Every poll received, in order.
	 * @return the polls
	 */
	public List<RecordedPoll> polls() {
		return List.copyOf(this.polls);
	}

	/**
	 * The polls received for one feed, in order.
	 * @param feed the feed name
	 * @return the polls
	 */
	public List<RecordedPoll> polls(String feed) {
		return this.polls.stream().filter((poll) -> poll.feed().equals(feed)).toList();
	}

	/**
	 * The last poll received.
	 * @return the poll, or {@code null} before the first
	 */
	public @Nullable RecordedPoll lastPoll() {
		List<RecordedPoll> all = polls();
		return all.isEmpty() ? null : all.get(all.size() - 1);
	}

	/**
	 * How many polls of a feed are open now.
	 * @param feed the feed name
	 * @return the number
	 */
	public int openPolls(String feed) {
		return feed(feed).open.get();
	}

	/**
	 * The most polls of a feed that were open at once: more than 1 means two clients
	 * (or one client twice) polled it at the same time.
	 * @param feed the feed name
	 * @return the number
	 */
	public int mostOpenPolls(String feed) {
		return feed(feed).mostOpen.get();
	}

	/**
	 * Wait until at least this many polls of a feed are held open.
	 * @param feed the feed name
	 * @param polls how many
	 * @param timeout how long to wait
	 * @throws AssertionError if it does not happen in time
	 */
	public void awaitOpenPolls(String feed, int polls, Duration timeout) {
		LongPollTestUtils.await(() -> openPolls(feed) >= polls, timeout,
				() -> polls + " open polls of feed '" + feed + "' (" + openPolls(feed) + " now)");
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
	}

	private Feed feed(String name) {
		return this.feeds.computeIfAbsent(name, (key) -> new Feed());
	}

	private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
		QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
		String path = decoder.path();
		String name = path.equals("/feed") ? DEFAULT_FEED
				: path.startsWith("/feeds/") ? path.substring("/feeds/".length()) : null;
		if (name == null || name.isEmpty()) {
			return response.status(404).send();
		}
		Feed feed = feed(name);
		Long cursor;
		try {
			cursor = cursor(request, decoder);
		}
		catch (IllegalArgumentException ex) {
			return answer(response, 400, "{\"error\":\"" + ex.getMessage() + "\"}", () -> {
			});
		}
		this.polls.add(record(name, request, decoder, cursor));
		Runnable answered = feed.opened();
		Fault fault = this.faults.poll();
		Mono<Void> answer = Mono.defer(() -> poll(feed, cursor, response, answered));
		if (fault != null) {
			answer = switch (fault.kind()) {
				case STATUS -> status(response, fault, answered);
				case DELAY -> Mono.delay(fault.delayValue()).then(answer);
				case RESET -> Mono.fromRunnable(() -> response.withConnection((connection) -> {
					connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
					connection.channel().close();
				}));
			};
		}
		return answer.doFinally((signal) -> answered.run());
	}

	private Mono<Void> poll(Feed feed, @Nullable Long cursor, HttpServerResponse response, Runnable answered) {
		long from = (cursor != null) ? cursor : 0;
		if (from < feed.forgotten()) {
			return answer(response, 410, "{\"error\":\"position " + from + " was forgotten\"}", answered);
		}
		if (feed.last() > from) {
			return events(feed, from, response, answered);
		}
		// nothing new: hold until an event arrives or the hold ends
		return Mono.firstWithSignal(feed.next(), Mono.delay(this.hold).then())
			.then(Mono.defer(() -> (feed.last() > from) ? events(feed, from, response, answered) : idle(feed, from, response, answered)));
	}

	private Mono<Void> events(Feed feed, long from, HttpServerResponse response, Runnable answered) {
		List<String> events = feed.after(from, this.maxBatch);
		long last = from + events.size();
		String array = "[" + String.join(",", events) + "]";
		return switch (this.style) {
			case QUERY_AND_BODY -> answer(response, 200, "{\"last\":" + last + ",\"events\":" + array + "}", answered);
			case INDEX_HEADER -> answer(response.header("X-Index", Long.toString(last)), 200, array, answered);
			case ETAG -> answer(response.header("ETag", etag(last)), 200, array, answered);
			case LAST_MODIFIED -> answer(response.header("Last-Modified", lastModified(last)), 200, array, answered);
		};
	}

	private Mono<Void> idle(Feed feed, long from, HttpServerResponse response, Runnable answered) {
		Integer status = this.idleStatus;
		if (status != null) {
			return answer(response, status, "", answered);
		}
		return switch (this.style) {
			case QUERY_AND_BODY -> answer(response, 200, "{\"last\":" + from + ",\"events\":[]}", answered);
			case INDEX_HEADER -> answer(response.header("X-Index", Long.toString(from)), 200, "[]", answered);
			case ETAG -> answer(response.header("ETag", etag(from)), 304, "", answered);
			case LAST_MODIFIED -> answer(response.header("Last-Modified", lastModified(from)), 304, "", answered);
		};
	}

	private @Nullable Long cursor(HttpServerRequest request, QueryStringDecoder decoder) {
		return switch (this.style) {
			case QUERY_AND_BODY -> number(first(decoder, "after"));
			case INDEX_HEADER -> number(first(decoder, "index"));
			case ETAG -> {
				String etag = request.requestHeaders().get("If-None-Match");
				yield (etag != null) ? number(etag.replace("W/", "").replace("\"", "")) : null;
			}
			case LAST_MODIFIED -> {
				String since = request.requestHeaders().get("If-Modified-Since");
				try {
					yield (since != null)
							? ZonedDateTime.parse(since, HTTP_DATE).toEpochSecond() - EPOCH_OF_EVENTS : null;
				}
				catch (DateTimeParseException ex) {
					throw new IllegalArgumentException("If-Modified-Since is not an HTTP date");
				}
			}
		};
	}

	private static @Nullable String first(QueryStringDecoder decoder, String name) {
		List<String> values = decoder.parameters().get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	private static @Nullable Long number(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("cursor '" + value + "' is not a number");
		}
	}

	private static String etag(long position) {
		return "\"" + position + "\"";
	}

	private static String lastModified(long position) {
		return HTTP_DATE.format(Instant.ofEpochSecond(EPOCH_OF_EVENTS + position));
	}

	private static RecordedPoll record(String feed, HttpServerRequest request, QueryStringDecoder decoder,
			@Nullable Long cursor) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.requestHeaders()
			.forEach((header) -> headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT),
					(key) -> new ArrayList<>()).add(header.getValue()));
		Map<String, List<String>> query = new LinkedHashMap<>();
		decoder.parameters().forEach((key, values) -> query.put(key, List.copyOf(values)));
		headers.replaceAll((key, values) -> List.copyOf(values));
		return new RecordedPoll(feed, request.method().name(), request.uri(), Map.copyOf(query), Map.copyOf(headers),
				cursor, Instant.now());
	}

	private static Mono<Void> status(HttpServerResponse response, Fault fault, Runnable answered) {
		Duration retryAfter = fault.retryAfterValue();
		if (retryAfter != null) {
			response.header("Retry-After", Long.toString(retryAfter.toSeconds()));
		}
		return answer(response, fault.statusCode(), fault.body(), answered);
	}

	/**
	 * Send an answer; the poll counts as closed from here, before the client can read the
	 * answer and poll again (on another connection, which another event loop may serve
	 * before this one completes the write).
	 */
	private static Mono<Void> answer(HttpServerResponse response, int status, String body, Runnable answered) {
		answered.run();
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.status(status);
		if (bytes.length == 0) {
			return response.header("Content-Length", "0").send();
		}
		return response.header("Content-Type", "application/json")
			.header("Content-Length", Integer.toString(bytes.length))
			.sendByteArray(Mono.just(bytes))
			.then();
	}

	/**
	 * The events of one feed and the polls waiting for the next.
	 */
	private static final class Feed {

		private final List<String> events = new ArrayList<>(); // event n at index n - 1 - forgotten

		private long forgotten;

		private final AtomicReference<Sinks.Empty<Void>> published = new AtomicReference<>(Sinks.empty());

		final AtomicInteger open = new AtomicInteger();

		final AtomicInteger mostOpen = new AtomicInteger();

		synchronized long publish(String json) {
			this.events.add(json);
			this.published.getAndSet(Sinks.empty()).tryEmitEmpty();
			return last();
		}

		synchronized long last() {
			return this.forgotten + this.events.size();
		}

		synchronized long forgotten() {
			return this.forgotten;
		}

		synchronized void forget(long upTo) {
			long drop = Math.min(upTo, last()) - this.forgotten;
			if (drop > 0) {
				this.events.subList(0, (int) drop).clear();
				this.forgotten += drop;
			}
		}

		synchronized List<String> after(long from, int max) {
			int start = (int) (from - this.forgotten);
			return List.copyOf(this.events.subList(start, Math.min(this.events.size(), start + max)));
		}

		Mono<Void> next() {
			return this.published.get().asMono();
		}

		/**
		 * Count a poll as open; the returned action closes it, once.
		 */
		Runnable opened() {
			this.mostOpen.accumulateAndGet(this.open.incrementAndGet(), Math::max);
			AtomicBoolean closed = new AtomicBoolean();
			return () -> {
				if (closed.compareAndSet(false, true)) {
					this.open.decrementAndGet();
				}
			};
		}

	}

	/**
	 * Settings of a {@link LongPollFeedServer}.
	 */
	public static final class Builder {

		private CursorStyle style = CursorStyle.QUERY_AND_BODY;

		private Duration hold = Duration.ofSeconds(30);

		private @Nullable Integer idleStatus;

		private int maxBatch = 100;

		private HttpProtocol protocol = HttpProtocol.HTTP1;

		private boolean tls;

		private int maxConcurrentStreams = 100;

		private @Nullable Integer goAwayAfter;

		private Builder() {
		}

		/**
		 * Speak HTTP/2 too: {@link HttpProtocol#H2C h2c} serves cleartext HTTP/2 with prior
		 * knowledge and HTTP/1.1 on one port; {@link HttpProtocol#H2 h2} serves TLS with a
		 * self-signed certificate for 127.0.0.1 ({@link LongPollFeedServer#certificatePem()})
		 * and offers h2 and http/1.1 in ALPN. {@link HttpProtocol#HTTP1} (the default) serves
		 * HTTP/1.1 only.
		 * @param protocol the protocol
		 * @return this builder
		 */
		public Builder protocol(HttpProtocol protocol) {
			this.protocol = Objects.requireNonNull(protocol, "protocol");
			return this;
		}

		/**
		 * Serve HTTPS with a self-signed certificate for 127.0.0.1
		 * ({@link LongPollFeedServer#certificatePem()}); over {@link HttpProtocol#HTTP1} the
		 * TLS handshake offers no HTTP/2 (as a server that speaks only HTTP/1.1), while
		 * {@link HttpProtocol#H2} always serves TLS.
		 * @return this builder
		 */
		public Builder tls() {
			this.tls = true;
			return this;
		}

		/**
		 * The streams one HTTP/2 connection may carry at once (the server's
		 * {@code SETTINGS_MAX_CONCURRENT_STREAMS}); 100 by default, as Netty servers (nginx:
		 * 128).
		 * @param streams the most concurrent streams
		 * @return this builder
		 */
		public Builder maxConcurrentStreams(int streams) {
			if (streams < 1) {
				throw new IllegalArgumentException("maxConcurrentStreams must be at least 1");
			}
			this.maxConcurrentStreams = streams;
			return this;
		}

		/**
		 * Close each connection gracefully once it has taken this many requests, as nginx's
		 * {@code keepalive_requests} (1,000 by default there): over HTTP/2 the server sends
		 * GOAWAY and lets the streams in flight finish, over HTTP/1.1 the last response
		 * carries {@code Connection: close}. Off by default.
		 * @param requests the requests per connection
		 * @return this builder
		 */
		public Builder goAwayAfter(int requests) {
			if (requests < 1) {
				throw new IllegalArgumentException("goAwayAfter must be at least 1");
			}
			this.goAwayAfter = requests;
			return this;
		}

		/**
		 * How the server carries its position; {@link CursorStyle#QUERY_AND_BODY} by default.
		 * @param style the style
		 * @return this builder
		 */
		public Builder style(CursorStyle style) {
			this.style = Objects.requireNonNull(style, "style");
			return this;
		}

		/**
		 * How long a poll is held when there is nothing new; 30 s by default.
		 * @param hold the hold
		 * @return this builder
		 */
		public Builder hold(Duration hold) {
			this.hold = Objects.requireNonNull(hold, "hold");
			return this;
		}

		/**
		 * Answer an idle hold with this status and no body (say {@code 204} or {@code 408})
		 * instead of the style's own answer.
		 * @param status the status
		 * @return this builder
		 */
		public Builder idleStatus(int status) {
			this.idleStatus = status;
			return this;
		}

		/**
		 * The most events in one response; 100 by default.
		 * @param maxBatch the most events
		 * @return this builder
		 */
		public Builder maxBatch(int maxBatch) {
			if (maxBatch < 1) {
				throw new IllegalArgumentException("maxBatch must be at least 1");
			}
			this.maxBatch = maxBatch;
			return this;
		}

		/**
		 * Start the server.
		 * @return the running server
		 */
		public LongPollFeedServer start() {
			return new LongPollFeedServer(this);
		}

	}

}
