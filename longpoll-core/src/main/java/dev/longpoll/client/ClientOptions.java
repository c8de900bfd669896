package dev.longpoll.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Connection-level options of a listener; listeners that share them share one
 * {@code WebClient} (and, over HTTP/2, its connections).
 *
 * @param connectTimeout the TCP connect timeout
 * @param sslBundle the name of the SSL bundle to trust and present, or {@code null}
 * @param followRedirects whether 3xx redirects are followed
 * @param proxy the proxy
 * @param protocol the HTTP version
 */
public record ClientOptions(Duration connectTimeout, @Nullable String sslBundle, boolean followRedirects,
		ProxyOptions proxy, HttpProtocol protocol) {

	/**
	 * Options over HTTP/1.1.
	 * @param connectTimeout the TCP connect timeout
	 * @param sslBundle the name of the SSL bundle, or {@code null}
	 * @param followRedirects whether 3xx redirects are followed
	 * @param proxy the proxy
	 */
	public ClientOptions(Duration connectTimeout, @Nullable String sslBundle, boolean followRedirects,
			ProxyOptions proxy) {
		this(connectTimeout, sslBundle, followRedirects, proxy, HttpProtocol.HTTP1);
	}

	/**
	 * Options over HTTP/1.1 with the JVM's proxy settings.
	 * @param connectTimeout the TCP connect timeout
	 * @param sslBundle the name of the SSL bundle, or {@code null}
	 * @param followRedirects whether 3xx redirects are followed
	 */
	public ClientOptions(Duration connectTimeout, @Nullable String sslBundle, boolean followRedirects) {
		this(connectTimeout, sslBundle, followRedirects, ProxyOptions.system());
	}

	/**
	 * These options with another protocol.
	 * @param protocol the HTTP version
	 * @return the options
	 */
	public ClientOptions withProtocol(HttpProtocol protocol) {
		return new ClientOptions(this.connectTimeout, this.sslBundle, this.followRedirects, this.proxy, protocol);
	}

}
