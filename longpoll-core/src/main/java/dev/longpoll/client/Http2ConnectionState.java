package dev.longpoll.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;

/**
 * What one HTTP/2 connection has been told by a GOAWAY, written on its event loop and
 * readable from any thread (Netty's own connection state is not meant to be read off
 * the event loop).
 */
final class Http2ConnectionState {

	static final AttributeKey<Http2ConnectionState> KEY = AttributeKey
		.valueOf(Http2ConnectionState.class.getName());

	private volatile boolean goAwayReceived;

	private volatile int lastStreamId = Integer.MAX_VALUE;

	private volatile long errorCode;

	/**
	 * The state of a connection, watched from the first call on; call on its event loop.
	 * @param connection the connection (a stream's parent)
	 * @return the state, or {@code null} when the connection is not HTTP/2
	 */
	static @Nullable Http2ConnectionState of(Channel connection) {
		Http2ConnectionState state = connection.attr(KEY).get();
		if (state != null) {
			return state;
		}
		Http2FrameCodec codec = connection.pipeline().get(Http2FrameCodec.class);
		if (codec == null) {
			return null;
		}
		Http2ConnectionState created = new Http2ConnectionState();
		state = connection.attr(KEY).setIfAbsent(created);
		if (state != null) {
			return state;
		}
		if (codec.connection().goAwayReceived()) { // before we watched
			created.received(codec.connection().local().lastStreamKnownByPeer(), Http2Error.NO_ERROR.code());
		}
		codec.connection().addListener(new Http2ConnectionAdapter() {

			@Override
			public void onGoAwayReceived(int lastStreamId, long errorCode, ByteBuf debugData) {
				created.received(lastStreamId, errorCode);
			}

		});
		return created;
	}

	private void received(int lastStreamId, long errorCode) {
		this.lastStreamId = lastStreamId;
		this.errorCode = errorCode;
		this.goAwayReceived = true;
	}

	/**
	 * Whether the connection received a GOAWAY: it takes no new stream and closes once
	 * its streams end.
	 * @return whether it is draining
	 */
	boolean draining() {
		return this.goAwayReceived;
	}

	/**
	 * Whether a stream of this connection was refused by a routine GOAWAY (no error): its
	 * id is above the GOAWAY's last stream id, so the server never processed it (RFC
	 * 9113, 6.8) and it may be sent again at once. A GOAWAY with an error (say
	 * {@code ENHANCE_YOUR_CALM}) is a failure like any other.
	 * @param streamId the stream's id
	 * @return whether it may go again at once
	 */
	boolean refusedByRoutineGoAway(int streamId) {
		return this.goAwayReceived && this.errorCode == Http2Error.NO_ERROR.code() && streamId > this.lastStreamId;
	}

}
