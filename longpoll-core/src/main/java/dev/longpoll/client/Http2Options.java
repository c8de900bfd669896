package dev.longpoll.client;

import java.time.Duration;

/**
 * How listeners share HTTP/2 connections.
 *
 * @param maxConnections the most connections to one host (per set of
 * {@link ClientOptions}); a poll that finds every stream of every connection taken waits
 * for a free stream
 * @param maxStreamsPerConnection the most streams on one connection, or {@code -1} for as
 * many as the server allows ({@code SETTINGS_MAX_CONCURRENT_STREAMS})
 * @param pingInterval how long a connection may stay silent (nothing read or written)
 * before a PING asks whether the server is still there
 * @param pingAckTimeout how long to wait for the PING's answer before the connection is
 * closed and its listeners poll again on another one
 */
public record Http2Options(int maxConnections, long maxStreamsPerConnection, Duration pingInterval,
		Duration pingAckTimeout) {

	/** The default {@link #maxConnections()}. */
	public static final int DEFAULT_MAX_CONNECTIONS = 500;

	/** The default {@link #pingInterval()}. */
	public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(10);

	/** The default {@link #pingAckTimeout()}. */
	public static final Duration DEFAULT_PING_ACK_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Check the options.
	 * @param maxConnections the most connections to one host
	 * @param maxStreamsPerConnection the most streams on one connection, or {@code -1}
	 * @param pingInterval the silence before a PING
	 * @param pingAckTimeout the wait for a PING's answer
	 */
	public Http2Options {
		if (maxConnections < 1) {
			throw new IllegalArgumentException("HTTP/2 max-connections must be at least 1, not " + maxConnections);
		}
		if (maxStreamsPerConnection == 0 || maxStreamsPerConnection < -1) {
			throw new IllegalArgumentException(
					"HTTP/2 max-streams-per-connection must be positive or -1, not " + maxStreamsPerConnection);
		}
		if (pingInterval.isNegative() || pingInterval.isZero() || pingAckTimeout.isNegative()
				|| pingAckTimeout.isZero()) {
			throw new IllegalArgumentException("HTTP/2 ping-interval and ping-ack-timeout must be positive");
		}
	}

	/**
	 * The defaults: 500 connections per host, the server's stream limit, a PING after 10 s
	 * of silence answered within 5 s.
	 * @return the defaults
	 */
	public static Http2Options defaults() {
		return new Http2Options(DEFAULT_MAX_CONNECTIONS, -1, DEFAULT_PING_INTERVAL, DEFAULT_PING_ACK_TIMEOUT);
	}

}
