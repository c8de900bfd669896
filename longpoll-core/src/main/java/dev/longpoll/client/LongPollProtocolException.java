package dev.longpoll.client;

import java.net.URI;

/**
 * The server did not speak the HTTP version the listener is set to: an {@code h2c}
 * listener reached a server that speaks only HTTP/1.1, or an {@code h2} listener one that
 * does not offer {@code h2} in its TLS handshake. There is no silent fallback to
 * HTTP/1.1; the poll fails and backs off like any transport failure, and the listener's
 * health shows this message.
 */
public class LongPollProtocolException extends IllegalStateException {

	private final HttpProtocol protocol;

	/**
	 * Create an exception.
	 * @param listenerId the listener
	 * @param protocol the protocol it is set to
	 * @param uri where it polled
	 * @param cause what the HTTP client reported
	 */
	public LongPollProtocolException(String listenerId, HttpProtocol protocol, URI uri, Throwable cause) {
		super("Listener '" + listenerId + "': the server at " + uri.getHost() + ":" + port(uri)
				+ " does not speak " + ((protocol == HttpProtocol.H2C) ? "cleartext HTTP/2 with prior knowledge"
						: "HTTP/2 (its TLS handshake did not agree on h2)")
				+ ", which the listener's protocol " + protocol.value() + " asks for (longpoll.listeners." + listenerId
				+ ".protocol or longpoll.http.protocol); set the protocol to http1 for this server (" + cause + ")",
				cause);
		this.protocol = protocol;
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
	}

	/**
	 * The protocol the listener is set to.
	 * @return the protocol
	 */
	public HttpProtocol getProtocol() {
		return this.protocol;
	}

}
