package dev.longpoll.autoconfigure;

import java.time.Duration;

import dev.longpoll.client.Http2Options;

/**
 * How HTTP/2 listeners share connections: {@code longpoll.http.h2.*}.
 */
public class LongPollHttp2Properties {

	/**
	 * Most HTTP/2 connections to one host. Another connection opens only when every
	 * stream of the open ones is taken (the server's SETTINGS_MAX_CONCURRENT_STREAMS:
	 * nginx 128, Netty 100); past the most, a poll waits for a free stream (the
	 * 'longpoll.http.streams.pending' gauge, a WARN at most once a minute per host).
	 */
	private int maxConnections = Http2Options.DEFAULT_MAX_CONNECTIONS;

	/**
	 * Most polls on one connection; -1 for as many as the server allows.
	 */
	private long maxStreamsPerConnection = -1;

	/**
	 * How long a connection may stay silent before a PING checks that the server is
	 * still there.
	 */
	private Duration pingInterval = Http2Options.DEFAULT_PING_INTERVAL;

	/**
	 * How long a PING may go unanswered before its connection is closed and its
	 * listeners poll again on another.
	 */
	private Duration pingAckTimeout = Http2Options.DEFAULT_PING_ACK_TIMEOUT;

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public long getMaxStreamsPerConnection() {
		return this.maxStreamsPerConnection;
	}

	public void setMaxStreamsPerConnection(long maxStreamsPerConnection) {
		this.maxStreamsPerConnection = maxStreamsPerConnection;
	}

	public Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public Duration getPingAckTimeout() {
		return this.pingAckTimeout;
	}

	public void setPingAckTimeout(Duration pingAckTimeout) {
		this.pingAckTimeout = pingAckTimeout;
	}

	/**
	 * The options these properties describe.
	 * @return the options
	 */
	public Http2Options toOptions() {
		return new Http2Options(this.maxConnections, this.maxStreamsPerConnection, this.pingInterval,
				this.pingAckTimeout);
	}

}
