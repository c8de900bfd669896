package dev.longpoll.client;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link LongPollClient} on Spring {@link WebClient} and a dedicated Reactor Netty
 * connection pool, so that long polls never queue behind (or are cut by the read
 * timeout of) the application's shared HTTP client.
 */
public class WebClientLongPollClient implements LongPollClient, DisposableBean {

	private static final Set<String> HEADERS_KEPT_ACROSS_ORIGINS = Set.of("host", "accept", "accept-encoding",
			"accept-language", "user-agent", "content-type", "content-length", "connection");

	private final ConnectionProvider connectionProvider;

	private final WebClient.Builder webClientBuilder;

	private final Function<String, SslBundle> sslBundles;

	private final Map<ClientOptions, WebClient> clients = new ConcurrentHashMap<>();

	/**
	 * Create a client.
	 * @param connectionProvider the pool dedicated to long polls; disposed with this client
	 * @param webClientBuilder the application's builder, cloned for each set of options so
	 * that its codecs and observation apply
	 * @param sslBundles looks up an SSL bundle by name
	 */
	public WebClientLongPollClient(ConnectionProvider connectionProvider, WebClient.Builder webClientBuilder,
			Function<String, SslBundle> sslBundles) {
		this.connectionProvider = connectionProvider;
		this.webClientBuilder = webClientBuilder;
		this.sslBundles = sslBundles;
	}

	@Override
	public Mono<LongPollResponse> exchange(PollRequest request) {
		WebClient client = this.clients.computeIfAbsent(request.options(), this::createWebClient);
		WebClient.RequestBodySpec spec = client.method(request.method())
			.uri(request.uri())
			.headers((headers) -> headers.addAll(request.headers()));
		if (request.body() != null) {
			spec.bodyValue(request.body());
		}
		return spec.exchangeToMono((response) -> readWhole(request, response))
			.timeout(request.timeout(),
					Mono.error(() -> new LongPollTimeoutException(request.listenerId(), request.timeout())));
	}

	private Mono<LongPollResponse> readWhole(PollRequest request, ClientResponse response) {
		int status = response.statusCode().value();
		HttpHeaders headers = response.headers().asHttpHeaders(); // read-only, kept by the response
		return DataBufferUtils.join(response.bodyToFlux(DataBuffer.class),
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
		@Nullable SslBundle sslBundle = (options.sslBundle() != null) ? this.sslBundles.apply(options.sslBundle()) : null;
		HttpClientSettings settings = new HttpClientSettings(
				options.followRedirects() ? HttpRedirects.FOLLOW : HttpRedirects.DONT_FOLLOW, options.connectTimeout(),
				null, sslBundle);
		return this.webClientBuilder.clone()
			.clientConnector(ClientHttpConnectorBuilder.reactor()
				.withHttpClientFactory(() -> HttpClient.create(this.connectionProvider))
				.withHttpClientCustomizer((client) -> options.followRedirects()
						? client.followRedirect(true, WebClientLongPollClient::dropHeadersAcrossOrigins) : client)
				.build(settings))
			.build();
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

	@Override
	public void destroy() {
		this.connectionProvider.dispose();
	}

}
