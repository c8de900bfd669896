package dev.longpoll.test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AttributeKey;

/**
 * nginx's {@code keepalive_requests} over HTTP/2: once a connection has taken its quota
 * of requests, the server sends GOAWAY (last stream id: the last it accepted), answers
 * the streams it has, ignores newer ones (the client sends them again elsewhere) and
 * closes the connection when its last stream ends, the way nginx does: it stops writing
 * but keeps reading for a while ({@code lingering_close}), because a socket closed with
 * unread data in it is reset, and a reset can destroy the GOAWAY before the client reads
 * it.
 * <p>
 * {@link LongPollFeedServer.Builder#goAwayAfter(int)} uses it; a Reactor Netty server of
 * your own can too: call {@link #requestOn(Channel)} from its handler with
 * {@code request.withConnection((connection) -> goAway.requestOn(connection.channel()))}.
 */
public final class GoAwayAfter {

	private static final AttributeKey<AtomicInteger> REQUESTS = AttributeKey.valueOf(GoAwayAfter.class.getName());

	private static final long LINGER_SECONDS = 5;

	private final int requests;

	/**
	 * Send GOAWAY on each connection once it has taken this many requests.
	 * @param requests the requests per connection, at least 1
	 */
	public GoAwayAfter(int requests) {
		if (requests < 1) {
			throw new IllegalArgumentException("requests must be at least 1");
		}
		this.requests = requests;
	}

	/**
	 * Count a request that arrived on an HTTP/2 stream; from any thread.
	 * @param stream the stream's channel
	 */
	public void requestOn(Channel stream) {
		Channel connection = stream.parent();
		if (connection == null) {
			return; // HTTP/1.1: keep-alive requests are counted by the server itself
		}
		AtomicInteger count = connection.attr(REQUESTS).setIfAbsent(new AtomicInteger());
		count = (count != null) ? count : connection.attr(REQUESTS).get();
		if (count.incrementAndGet() != this.requests) {
			return;
		}
		Http2FrameCodec codec = connection.pipeline().get(Http2FrameCodec.class);
		if (codec == null) {
			return;
		}
		connection.eventLoop().execute(() -> goAway(connection, codec.connection()));
	}

	private static void goAway(Channel connection, Http2Connection http2) {
		connection.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
		http2.addListener(new Http2ConnectionAdapter() {

			@Override
			public void onStreamClosed(Http2Stream closed) {
				if (http2.numActiveStreams() == 0) {
					closeLingering(connection);
				}
			}

		});
	}

	private static void closeLingering(Channel connection) {
		if (connection instanceof DuplexChannel duplex) {
			duplex.shutdownOutput()
				.addListener((future) -> connection.eventLoop()
					.schedule(() -> connection.close(), LINGER_SECONDS, TimeUnit.SECONDS));
		}
		else {
			connection.close();
		}
	}

}
