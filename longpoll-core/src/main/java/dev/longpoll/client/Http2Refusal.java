package dev.longpoll.client;

import io.netty.handler.codec.http2.Http2Exception;

/**
 * Tells a server that does not speak HTTP/2 from other transport failures.
 */
final class Http2Refusal {

	private Http2Refusal() {
	}

	/**
	 * Whether a failure before any response shows that the server does not speak HTTP/2:
	 * an HTTP/1.1 server answers the HTTP/2 connection preface with an HTTP/1.1 response,
	 * which Netty reports as a first frame that was not SETTINGS.
	 */
	static boolean notHttp2(HttpProtocol protocol, Throwable failure) {
		if (!protocol.isHttp2()) {
			return false;
		}
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			if (ex instanceof Http2Exception && ex.getMessage() != null
					&& ex.getMessage().startsWith("First received frame was not SETTINGS")) {
				return true;
			}
			if (ex instanceof NotHttp2Exception) {
				return true;
			}
		}
		return false;
	}

	/**
	 * An {@code h2} poll whose TLS handshake settled on HTTP/1.1 (the server offered no
	 * {@code h2} in ALPN): it is failed rather than sent over HTTP/1.1.
	 */
	static final class NotHttp2Exception extends IllegalStateException {

		NotHttp2Exception() {
			super("the TLS handshake did not negotiate h2");
		}

	}

}
