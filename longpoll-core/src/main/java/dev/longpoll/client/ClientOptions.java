package dev.longpoll.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Connection-level options of a listener; listeners that share them share one
 * {@code WebClient}.
 *
 * @param connectTimeout the TCP connect timeout
 * @param sslBundle the name of the SSL bundle to trust and present, or {@code null}
 * @param followRedirects whether 3xx redirects are followed
 * @param proxy the proxy
 */
public record ClientOptions(Duration connectTimeout, @Nullable String sslBundle, boolean followRedirects,
		ProxyOptions proxy) {

	/**
	 * Options with the JVM's proxy settings.
	 * @param connectTimeout the TCP connect timeout
	 * @param sslBundle the name of the SSL bundle, or {@code null}
	 * @param followRedirects whether 3xx redirects are followed
	 */
	public ClientOptions(Duration connectTimeout, @Nullable String sslBundle, boolean followRedirects) {
		this(connectTimeout, sslBundle, followRedirects, ProxyOptions.system());
	}

}
