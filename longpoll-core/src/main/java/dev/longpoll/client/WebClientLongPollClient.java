package dev.longpoll.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.util.context.Context;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.internal.LiveResources;

/**
 * {@link LongPollClient} on Spring {@link WebClient} and a dedicated Reactor Netty
 * connection pool, so that long polls never queue behind (or are cut by the read timeout
 * of) the application's shared HTTP client.
 */
public class WebClientLongPollClient implements LongPollClient, DisposableBean, ApplicationContextAware {

	/**
	 * Reactor's context key for an {@code onErrorDropped} hook local to one subscription
	 * ({@code Hooks.KEY_ON_ERROR_DROPPED}, read by {@code Operators.onErrorDropped}).
	 */
	private static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * How many times one poll is sent again because a GOAWAY refused it; each time it goes
	 * to another connection, so more than one in a row means a server closing everything.
	 */
	private static final int MAX_GOAWAY_RETRIES = 3;

	private static final Log logger = LogFactory.getLog(WebClientLongPollClient.class);

	private final Supplier<ConnectionProvider> connectionProviderSupplier;

	private final Supplier<WebClient.Builder> webClientBuilderSupplier;

	private volatile @Nullable ConnectionProvider connectionProvider;

	private volatile WebClient.@Nullable Builder webClientBuilder;

	private final Function<String, Consumer<SslContextBuilder>> sslContexts;

	private final LongPollConnections connections = new LongPollConnections();

	private volatile Http2Options http2Options = Http2Options.defaults();

	/**
	 * The pool of HTTP/2 connections, made on the first HTTP/2 poll: its allocation
	 * strategy shares connections up to the server's stream limit, which would not suit
	 * the HTTP/1.1 pool.
	 */
	private volatile @Nullable ConnectionProvider http2ConnectionProvider;

	private final Map<ClientOptions, Target> clients = new ConcurrentHashMap<>();

	private volatile ClientEngine engine = ClientEngine.AUTO;

	/** Whether polls go through WebClient, decided on the first poll from {@link #engine}. */
	private volatile @Nullable Boolean viaWebClient;

	/**
	 * Event loops of our own (started on the first poll, as many as Reactor Netty's
	 * default), closed without a quiet period on {@link #destroy()}: a JVM exits up to
	 * 300 ms later when threads are left waiting in epoll, as the shared loops are.
	 */
	private volatile @Nullable LoopResources loops;

	private volatile boolean closed;

	private volatile @Nullable ApplicationContext applicationContext;

	/**
	 * Create a client without SSL bundles: https uses the JVM's trust store.
	 * @param connectionProvider the pool dedicated to long polls; disposed with this client
	 * @param webClientBuilder the builder to clone for each set of options
	 */
	public WebClientLongPollClient(ConnectionProvider connectionProvider, WebClient.Builder webClientBuilder) {
		this(connectionProvider, webClientBuilder, (Function<String, Consumer<SslContextBuilder>>) (name) -> {
			throw new IllegalStateException("No SSL bundle named '" + name + "': this client has no SSL bundles");
		});
	}

	/**
	 * Create a client.
	 * @param connectionProvider the pool dedicated to long polls; disposed with this client
	 * @param webClientBuilder the application's builder, cloned for each set of options so
	 * that its codecs and observation apply
	 * @param sslContexts what an SSL bundle sets on a client SSL context builder (keys,
	 * trust, ciphers, protocols), by bundle name; HTTP/2 adds its ALPN settings
	 */
	public WebClientLongPollClient(ConnectionProvider connectionProvider, WebClient.Builder webClientBuilder,
			Function<String, Consumer<SslContextBuilder>> sslContexts) {
		this(() -> connectionProvider, () -> webClientBuilder, sslContexts);
		this.connectionProvider = connectionProvider;
		this.webClientBuilder = webClientBuilder;
	}

	private WebClientLongPollClient(Supplier<ConnectionProvider> connectionProvider,
			Supplier<WebClient.Builder> webClientBuilder, Function<String, Consumer<SslContextBuilder>> sslContexts) {
		this.connectionProviderSupplier = connectionProvider;
		this.webClientBuilderSupplier = webClientBuilder;
		this.sslContexts = sslContexts;
	}

	/**
	 * Create a client whose pool and builder are obtained on the first poll, so that an
	 * application starts without initialising Reactor Netty on its main thread (about
	 * 150 ms); the first poll, which does not run there, pays for it.
	 * @param connectionProvider supplies the pool dedicated to long polls, disposed with
	 * this client
	 * @param webClientBuilder supplies the application's builder, cloned for each set of
	 * options
	 * @param sslContexts what an SSL bundle sets on a client SSL context builder, by bundle
	 * name
	 * @return the client
	 */
	public static WebClientLongPollClient deferred(Supplier<ConnectionProvider> connectionProvider,
			Supplier<WebClient.Builder> webClientBuilder, Function<String, Consumer<SslContextBuilder>> sslContexts) {
		return new WebClientLongPollClient(connectionProvider, webClientBuilder, sslContexts);
	}

	/**
	 * Set how HTTP/2 listeners share connections, before the first HTTP/2 poll.
	 * @param options the options
	 * @return this client
	 * @throws IllegalStateException after the first HTTP/2 poll
	 */
	public synchronized WebClientLongPollClient http2Options(Http2Options options) {
		if (this.http2ConnectionProvider != null) {
			throw new IllegalStateException("The HTTP/2 options must be set before the first HTTP/2 poll");
		}
		this.http2Options = Objects.requireNonNull(options, "options");
		return this;
	}

	/**
	 * Choose what sends polls, before the first poll.
	 * @param engine WebClient, Reactor Netty directly, or the latter unless the
	 * application's builder adds something to requests (the default)
	 * @return this client
	 * @throws IllegalStateException after the first poll
	 */
	public synchronized WebClientLongPollClient engine(ClientEngine engine) {
		if (this.viaWebClient != null) {
			throw new IllegalStateException("The client engine must be chosen before the first poll");
		}
		this.engine = Objects.requireNonNull(engine, "engine");
		return this;
	}

	/**
	 * Whether polls go through WebClient rather than Reactor Netty directly; decides it, from
	 * the engine and the application's {@code WebClient.Builder}, if no poll has yet.
	 * @return whether WebClient sends polls
	 */
	public synchronized boolean viaWebClient() {
		Boolean via = this.viaWebClient;
		if (via == null) {
			via = switch (this.engine) {
				case WEBCLIENT -> true;
				case REACTOR_NETTY -> false;
				case AUTO -> WebClientBuilderProbe.addsToRequests(webClientBuilder());
			};
			this.viaWebClient = via;
		}
		return via;
	}

	@Override
	public LongPollConnections connections() {
		return this.connections;
	}

	@Override
	public Mono<LongPollResponse> exchange(PollRequest request) {
		// over HTTP/2 each subscription gets its own progress (what was sent, on which stream)
		return request.options().protocol().isHttp2() ? Mono.defer(() -> exchange(request, 0)) : exchange(request, 0);
	}

	private Mono<LongPollResponse> exchange(PollRequest request, int goAways) {
		if (this.closed) {
			return Mono.error(new LongPollClientClosedException(request.listenerId()));
		}
		Target client;
		try {
			client = this.clients.computeIfAbsent(request.options(), this::createTarget);
		}
		catch (IllegalStateException ex) {
			if (this.closed) {
				return Mono.error(new LongPollClientClosedException(request.listenerId()));
			}
			throw ex;
		}
		HttpProtocol protocol = request.options().protocol();
		PollProgress progress = new PollProgress(request, protocol.isHttp2() ? host(request, protocol) : null,
				this.connections, this.http2Options.maxConnections());
		if (progress.host != null) { // HTTP/2: this runs at subscription (Mono.defer), when the wait for a stream begins
			progress.waiting();
		}
		WebClient web = client.web();
		if (web == null) {
			progress.reachedConnector = true; // no filters on the way
		}
		Mono<LongPollResponse> sent = (web != null) ? WebClientExchange.exchange(web, request, progress)
				: DirectExchange.exchange(client.http(), request, progress);
		// guarded so that the timeout below fires even on dead event loops
		Mono<LongPollResponse> exchange = SafeCancel.guard(sent);
		Mono<LongPollResponse> timedOut = Mono.error(() -> new LongPollTimeoutException(request.listenerId(),
				request.timeout(), progress.status, progress.bodyStarted));
		if (progress.host == null) {
			exchange = exchange.timeout(request.timeout(), timedOut);
		}
		else { // a poll waiting for a free stream has not begun: its timeout counts from when it is sent
			exchange = exchange.timeout(progress.deadline(request.timeout()), timedOut)
				.doFinally((signal) -> progress.notWaiting())
				// GOAWAY raced the request: the server never saw it, so it goes again at once on another connection
				.onErrorResume((ex) -> goAways < MAX_GOAWAY_RETRIES && progress.status == 0 && progress.refused(ex),
						(ex) -> exchange(request, goAways + 1));
		}
		return exchange
			.onErrorMap((ex) -> failure(request, progress, ex))
			.contextWrite(Context.of(ON_ERROR_DROPPED, (Consumer<Throwable>) (ex) -> dropped(request, ex),
					PollProgress.class, progress));
	}

	private Throwable failure(PollRequest request, PollProgress progress, Throwable failure) {
		if (this.closed && !(failure instanceof LongPollClientClosedException)) {
			return new LongPollClientClosedException(request.listenerId());
		}
		HttpProtocol protocol = request.options().protocol();
		if (progress.status == 0 && (progress.notHttp2 || Http2Refusal.notHttp2(protocol, failure))) {
			return new LongPollProtocolException(request.listenerId(), protocol, request.uri(), failure);
		}
		return failure;
	}

	private static LongPollConnections.Host host(PollRequest request, HttpProtocol protocol) {
		URI uri = request.uri();
		int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
		return new LongPollConnections.Host(uri.getHost() + ":" + port, protocol);
	}

	private static void sent(HttpClientRequest request, Connection connection) {
		PollProgress progress = request.currentContextView().getOrDefault(PollProgress.class, null);
		if (progress != null) {
			progress.sent(connection);
		}
	}

	/**
	 * An error that arrived once the exchange had already ended: when a timeout (or a
	 * stop) cancels a body that is still arriving and the connection closes at that very
	 * moment, Reactor Netty reports the close to a subscriber that is gone, and Reactor's
	 * default hook would log it as an ERROR with a stack trace. The poll has already been
	 * accounted for, so it is only worth a DEBUG line.
	 */
	private static void dropped(PollRequest request, Throwable ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Long-poll listener '" + request.listenerId() + "': " + ex
					+ " arrived after its exchange had ended (the connection closed as the poll was cancelled)");
		}
	}

	private Target createTarget(ClientOptions options) {
		HttpProtocol protocol = options.protocol();
		HttpClient httpClient = HttpClient.create(protocol.isHttp2() ? http2ConnectionProvider() : connectionProvider())
			.compress(true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis());
		if (protocol.isHttp2()) {
			Http2Options http2 = this.http2Options;
			httpClient = httpClient
				.protocol((protocol == HttpProtocol.H2) ? reactor.netty.http.HttpProtocol.H2
						: reactor.netty.http.HttpProtocol.H2C)
				.http2Settings((settings) -> settings.pingAckTimeout(http2.pingAckTimeout()).pingAckDropThreshold(1))
				.doOnRequest(WebClientLongPollClient::sent);
		}
		if (options.sslBundle() != null) {
			Consumer<SslContextBuilder> bundle = this.sslContexts.apply(options.sslBundle());
			httpClient = (protocol == HttpProtocol.H2)
					? httpClient.secure((spec) -> spec.sslContext(Http2SslContextSpec.forClient().configure(bundle)))
					: httpClient.secure((spec) -> spec.sslContext(ReactorHttpClients.sslContext(bundle, options.sslBundle())));
		}
		else if (protocol == HttpProtocol.H2) {
			httpClient = httpClient.secure(); // the JVM's trust store, with ALPN offering h2
		}
		httpClient = ReactorHttpClients.proxy(httpClient, options.proxy());
		httpClient = ReactorHttpClients.redirects(httpClient, options.followRedirects());
		// last: after a proxy chose to leave name resolution to the proxy
		httpClient = httpClient.runOn(loops());
		if (!viaWebClient()) {
			return new Target(httpClient, null);
		}
		ClientHttpConnector connector = new ReactorClientHttpConnector(httpClient);
		return new Target(httpClient, webClientBuilder().clone()
			.clientConnector(protocol.isHttp2() ? new PollProgress.MarkingConnector(connector) : connector)
			.build());
	}

	/** What sends the polls of one set of options: WebClient, or its HTTP client directly. */
	private record Target(HttpClient http, @Nullable WebClient web) {
	}

	private synchronized ConnectionProvider http2ConnectionProvider() {
		ConnectionProvider provider = this.http2ConnectionProvider;
		if (provider == null) {
			if (this.closed) { // destroyed while this poll was being prepared: make no pool that outlives it
				throw new IllegalStateException("the long-poll HTTP client was closed");
			}
			Http2Options options = this.http2Options;
			provider = ReactorHttpClients.http2Pool(options);
			this.http2ConnectionProvider = provider;
		}
		return provider;
	}

	private synchronized ConnectionProvider connectionProvider() {
		ConnectionProvider provider = this.connectionProvider;
		if (provider == null) {
			provider = this.connectionProviderSupplier.get();
			this.connectionProvider = provider;
		}
		return provider;
	}

	private synchronized LoopResources loops() {
		LoopResources loops = this.loops;
		if (loops == null) {
			if (this.closed) { // destroyed while this poll was being prepared: start nothing that outlives it
				throw new IllegalStateException("the long-poll HTTP client was closed");
			}
			loops = LoopResources.create("longpoll-http", LoopResources.DEFAULT_IO_WORKER_COUNT, true);
			this.loops = loops;
			LiveResources.opened(this, () -> "long-poll HTTP client " + this + " (its event loops were never disposed)",
					() -> this.applicationContext instanceof ConfigurableApplicationContext context
							&& context.isActive());
		}
		return loops;
	}

	private synchronized WebClient.Builder webClientBuilder() {
		WebClient.Builder builder = this.webClientBuilder;
		if (builder == null) {
			builder = this.webClientBuilderSupplier.get();
			this.webClientBuilder = builder;
		}
		return builder;
	}

	/**
	 * The context whose closing destroys this client, when it is a bean.
	 * @param applicationContext the context
	 */
	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	/**
	 * Close the client: polls in flight fail, and every later one is refused at once with a
	 * {@link LongPollClientClosedException}, which stops its listener.
	 */
	@Override
	public void destroy() {
		ConnectionProvider provider;
		ConnectionProvider http2Provider;
		LoopResources loops;
		synchronized (this) { // not the map inside: a poll creating a client holds its bin, then this
			this.closed = true;
			provider = this.connectionProvider;
			http2Provider = this.http2ConnectionProvider;
			loops = this.loops;
		}
		this.clients.clear();
		LiveResources.closed(this);
		// connections closed while their event loops still run, so that polls in flight hear of it
		dispose(http2Provider);
		dispose(provider);
		if (loops != null) {
			loops.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block(SHUTDOWN_TIMEOUT.multipliedBy(2));
		}
	}

	private static void dispose(@Nullable ConnectionProvider provider) {
		if (provider != null) {
			try {
				provider.disposeLater().block(SHUTDOWN_TIMEOUT);
			}
			catch (RuntimeException ex) {
				logger.debug("Long-poll connection pool did not close within " + SHUTDOWN_TIMEOUT, ex);
			}
		}
	}

}
