package dev.longpoll.client;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
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
import io.netty.handler.ssl.SslContext;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.netty.transport.ProxyProvider;
import reactor.util.context.Context;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
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

	private static final Log logger = LogFactory.getLog(WebClientLongPollClient.class);

	private static final Set<String> HEADERS_KEPT_ACROSS_ORIGINS = Set.of("host", "accept", "accept-encoding",
			"accept-language", "user-agent", "content-type", "content-length", "connection");

	private final Supplier<ConnectionProvider> connectionProviderSupplier;

	private final Supplier<WebClient.Builder> webClientBuilderSupplier;

	private volatile @Nullable ConnectionProvider connectionProvider;

	private volatile WebClient.@Nullable Builder webClientBuilder;

	private final Function<String, SslContext> sslContexts;

	private final Map<ClientOptions, WebClient> clients = new ConcurrentHashMap<>();

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
		this(connectionProvider, webClientBuilder, (name) -> {
			throw new IllegalStateException("No SSL bundle named '" + name + "': this client has no SSL bundles");
		});
	}

	/**
	 * Create a client.
	 * @param connectionProvider the pool dedicated to long polls; disposed with this client
	 * @param webClientBuilder the application's builder, cloned for each set of options so
	 * that its codecs and observation apply
	 * @param sslContexts the client SSL context of an SSL bundle, by bundle name
	 */
	public WebClientLongPollClient(ConnectionProvider connectionProvider, WebClient.Builder webClientBuilder,
			Function<String, SslContext> sslContexts) {
		this(() -> connectionProvider, () -> webClientBuilder, sslContexts);
		this.connectionProvider = connectionProvider;
		this.webClientBuilder = webClientBuilder;
	}

	private WebClientLongPollClient(Supplier<ConnectionProvider> connectionProvider,
			Supplier<WebClient.Builder> webClientBuilder, Function<String, SslContext> sslContexts) {
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
	 * @param sslContexts the client SSL context of an SSL bundle, by bundle name
	 * @return the client
	 */
	public static WebClientLongPollClient deferred(Supplier<ConnectionProvider> connectionProvider,
			Supplier<WebClient.Builder> webClientBuilder, Function<String, SslContext> sslContexts) {
		return new WebClientLongPollClient(connectionProvider, webClientBuilder, sslContexts);
	}

	@Override
	public Mono<LongPollResponse> exchange(PollRequest request) {
		if (this.closed) {
			return Mono.error(new LongPollClientClosedException(request.listenerId()));
		}
		WebClient client;
		try {
			client = this.clients.computeIfAbsent(request.options(), this::createWebClient);
		}
		catch (IllegalStateException ex) {
			if (this.closed) {
				return Mono.error(new LongPollClientClosedException(request.listenerId()));
			}
			throw ex;
		}
		WebClient.RequestBodySpec spec = client.method(request.method()).uri(request.uri());
		if (!request.headers().isEmpty()) {
			spec.headers((headers) -> headers.addAll(request.headers()));
		}
		if (request.body() != null) {
			spec.bodyValue(request.body());
		}
		Progress progress = new Progress();
		return spec.exchangeToMono((response) -> readWhole(request, response, progress))
			.transform(SafeCancel::guard) // so that the timeout below fires even on dead event loops
			.timeout(request.timeout(), Mono.error(() -> new LongPollTimeoutException(request.listenerId(),
					request.timeout(), progress.status, progress.bodyStarted)))
			.onErrorMap((ex) -> this.closed && !(ex instanceof LongPollClientClosedException),
					(ex) -> new LongPollClientClosedException(request.listenerId()))
			.contextWrite(Context.of(ON_ERROR_DROPPED, (Consumer<Throwable>) (ex) -> dropped(request, ex)));
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

	private Mono<LongPollResponse> readWhole(PollRequest request, ClientResponse response, Progress progress) {
		int status = response.statusCode().value();
		progress.status = status;
		HttpHeaders headers = response.headers().asHttpHeaders(); // read-only, kept by the response
		return DataBufferUtils
			.join(response.bodyToFlux(DataBuffer.class).doOnNext((buffer) -> progress.bodyStarted = true),
					request.maxBodySize())
			.map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new LongPollBodyTooLargeException(request.listenerId(), status, request.maxBodySize()))
			.map((body) -> new LongPollResponse(status, headers, body));
	}

	private WebClient createWebClient(ClientOptions options) {
		HttpClient httpClient = HttpClient.create(connectionProvider())
			.compress(true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis());
		if (options.sslBundle() != null) {
			SslContext sslContext = this.sslContexts.apply(options.sslBundle());
			httpClient = httpClient.secure((spec) -> spec.sslContext(sslContext));
		}
		httpClient = proxy(httpClient, options.proxy());
		httpClient = options.followRedirects()
				? httpClient.followRedirect(true, WebClientLongPollClient::dropHeadersAcrossOrigins)
				: httpClient.followRedirect(false);
		// last: after a proxy chose to leave name resolution to the proxy
		httpClient = httpClient.runOn(loops());
		return webClientBuilder().clone().clientConnector(new ReactorClientHttpConnector(httpClient)).build();
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

	private static HttpClient proxy(HttpClient httpClient, ProxyOptions proxy) {
		return switch (proxy.type()) {
			case SYSTEM -> httpClient.proxyWithSystemProperties();
			case NONE -> httpClient.noProxy();
			default -> httpClient.proxy((spec) -> {
				ProxyProvider.Builder builder = spec.type(switch (proxy.type()) {
					case SOCKS4 -> ProxyProvider.Proxy.SOCKS4;
					case SOCKS5 -> ProxyProvider.Proxy.SOCKS5;
					default -> ProxyProvider.Proxy.HTTP;
				}).host(Objects.requireNonNull(proxy.host(), "proxy host")).port(proxy.port());
				if (proxy.username() != null) {
					String password = proxy.password();
					builder.username(proxy.username()).password((user) -> (password != null) ? password : "");
				}
				if (proxy.nonProxyHostsPattern() != null) {
					builder.nonProxyHosts(proxy.nonProxyHostsPattern());
				}
			});
		};
	}

	/**
	 * A redirect to another origin (scheme, host or port) keeps only the headers that
	 * carry no credential: ours (Authorization, API keys, cursors) stay with the origin
	 * they were configured for.
	 */
	private static void dropHeadersAcrossOrigins(io.netty.handler.codec.http.HttpHeaders original,
			HttpClientRequest redirect) {
		String[] from = redirect.redirectedFrom();
		if (from.length == 0 || sameOrigin(from[0], redirect.resourceUrl())) {
			return;
		}
		io.netty.handler.codec.http.HttpHeaders headers = redirect.requestHeaders();
		for (String name : Set.copyOf(headers.names())) {
			if (!HEADERS_KEPT_ACROSS_ORIGINS.contains(name.toLowerCase(Locale.ROOT))) {
				headers.remove(name);
			}
		}
	}

	private static boolean sameOrigin(String first, String second) {
		try {
			URI a = URI.create(first);
			URI b = URI.create(second);
			return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
					&& a.getPort() == b.getPort();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Close the client: polls in flight fail, and every later one is refused at once with a
	 * {@link LongPollClientClosedException}, which stops its listener.
	 */
	/**
	 * The context whose closing destroys this client, when it is a bean.
	 * @param applicationContext the context
	 */
	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	@Override
	public void destroy() {
		ConnectionProvider provider;
		LoopResources loops;
		synchronized (this) { // not the map inside: a poll creating a client holds its bin, then this
			this.closed = true;
			provider = this.connectionProvider;
			loops = this.loops;
		}
		this.clients.clear();
		LiveResources.closed(this);
		if (provider != null) {
			try { // connections closed while their event loops still run, so that polls in flight hear of it
				provider.disposeLater().block(SHUTDOWN_TIMEOUT);
			}
			catch (RuntimeException ex) {
				logger.debug("Long-poll connection pool did not close within " + SHUTDOWN_TIMEOUT, ex);
			}
		}
		if (loops != null) {
			loops.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block(SHUTDOWN_TIMEOUT.multipliedBy(2));
		}
	}

	/**
	 * How far one exchange got, for the timeout's message and classification.
	 */
	private static final class Progress {

		volatile int status;

		volatile boolean bodyStarted;

	}

}
