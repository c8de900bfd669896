package dev.longpoll.client;

/**
 * The HTTP version a listener polls with.
 */
public enum HttpProtocol {

	/**
	 * HTTP/1.1: one connection per held poll.
	 */
	HTTP1,

	/**
	 * Cleartext HTTP/2 with prior knowledge: many listeners' polls share a connection.
	 * There is no {@code Upgrade: h2c} attempt (nginx ignores it, so the poll would
	 * silently stay on HTTP/1.1), and no fallback: a server that speaks only HTTP/1.1
	 * fails the poll.
	 */
	H2C,

	/**
	 * HTTP/2 over TLS, negotiated with ALPN: many listeners' polls share a connection. A
	 * server that does not offer {@code h2} fails the poll.
	 */
	H2;

	/**
	 * Whether polls share connections as HTTP/2 streams.
	 * @return {@code true} for {@link #H2C} and {@link #H2}
	 */
	public boolean isHttp2() {
		return this != HTTP1;
	}

	/**
	 * The value as written in configuration.
	 * @return {@code http1}, {@code h2c} or {@code h2}
	 */
	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
