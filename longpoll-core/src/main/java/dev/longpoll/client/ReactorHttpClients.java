package dev.longpoll.client;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.netty.http.client.Http2AllocationStrategy;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.ProxyProvider;

/**
 * How {@link WebClientLongPollClient} sets up Reactor Netty for a set of
 * {@link ClientOptions}: proxies, redirects, SSL bundles and the HTTP/2 pool.
 */
final class ReactorHttpClients {

	private static final Set<String> HEADERS_KEPT_ACROSS_ORIGINS = Set.of("host", "accept", "accept-encoding",
			"accept-language", "user-agent", "content-type", "content-length", "connection");

	private ReactorHttpClients() {
	}

	/**
	 * The pool of HTTP/2 connections: a connection opens only when every stream of the
	 * open ones is taken, and a poll waits for a free stream as long as it takes.
	 */
	static ConnectionProvider http2Pool(Http2Options options) {
		return ConnectionProvider.builder("longpoll-h2")
			.allocationStrategy(Http2AllocationStrategy.builder()
				.maxConnections(options.maxConnections())
				.maxConcurrentStreams(options.maxStreamsPerConnection())
				.strictConnectionReuse(true) // a new connection only when every stream is taken
				.build())
			.pendingAcquireMaxCount(-1) // a poll waits for a free stream...
			.pendingAcquireTimeout(Duration.ZERO) // ...for as long as it takes, visibly
			.maxIdleTime(options.pingInterval()) // with a PING ack timeout: silence before a PING
			.build();
	}

	static HttpClient redirects(HttpClient httpClient, boolean follow) {
		return follow ? httpClient.followRedirect(true, ReactorHttpClients::dropHeadersAcrossOrigins)
				: httpClient.followRedirect(false);
	}

	static HttpClient proxy(HttpClient httpClient, ProxyOptions proxy) {
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

	static SslContext sslContext(Consumer<SslContextBuilder> bundle, String name) {
		SslContextBuilder builder = SslContextBuilder.forClient();
		bundle.accept(builder);
		try {
			return builder.build();
		}
		catch (javax.net.ssl.SSLException ex) {
			throw new IllegalStateException("SSL bundle '" + name + "' cannot make a client SSL context", ex);
		}
	}

}
