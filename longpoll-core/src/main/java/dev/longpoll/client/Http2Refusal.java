package dev.longpoll.client;

import io.netty.handler.codec.http2.Http2Error;
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
		}
		return false;
	}

	/**
	 * Whether a poll that was never sent failed because the pool twice picked a connection
	 * that could open no stream (a GOAWAY had just retired it, or it closed): Reactor
	 * Netty's "Max active streams is reached" when acquiring. Nothing reached the server.
	 */
	static boolean noStreamLeft(Throwable failure) {
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			if (ex instanceof java.io.IOException && ex.getMessage() != null
					&& ex.getMessage().startsWith("Error while acquiring from")
					&& ex.getMessage().endsWith("Max active streams is reached.")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the server refused the stream ({@code RST_STREAM} with
	 * {@code REFUSED_STREAM}): it did not process the request (RFC 9113, 8.7), so it may
	 * go again at once.
	 */
	static boolean refusedStream(Throwable failure) {
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			if (ex instanceof Http2Exception http2 && http2.error() == Http2Error.REFUSED_STREAM) {
				return true;
			}
		}
		return false;
	}

}
