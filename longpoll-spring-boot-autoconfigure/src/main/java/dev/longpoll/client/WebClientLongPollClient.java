package dev.longpoll.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
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
		HttpHeaders headers = HttpHeaders.copyOf(response.headers().asHttpHeaders());
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
				.build(settings))
			.build();
	}

	@Override
	public void destroy() {
		this.connectionProvider.dispose();
	}

}
