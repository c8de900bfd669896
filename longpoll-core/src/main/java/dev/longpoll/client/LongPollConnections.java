package dev.longpoll.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.channel.Channel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The HTTP/2 connections a {@link LongPollClient} holds, per host and protocol: how many
 * are open, how many streams carry a poll, and how many polls wait for a free stream
 * (HTTP/1.1 listeners are not counted here: each held poll holds a connection).
 * Metrics read it; a poll that waited for a stream is logged at WARN at most once a
 * {@link #WARN_INTERVAL minute} per host.
 */
public final class LongPollConnections {

	/** The least time between two WARN lines about polls waiting for a stream to a host. */
	public static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

	private static final long WORTH_A_WARNING_NANOS = Duration.ofSeconds(1).toNanos();

	private static final Log logger = LogFactory.getLog(LongPollConnections.class);

	/** A view that never counts anything, for clients that do not. */
	static final LongPollConnections NONE = new LongPollConnections(false);

	private final boolean counting;

	private final Map<Host, Counts> hosts = new ConcurrentHashMap<>();

	private final List<Consumer<Host>> hostListeners = new CopyOnWriteArrayList<>();

	LongPollConnections() {
		this(true);
	}

	private LongPollConnections(boolean counting) {
		this.counting = counting;
	}

	/**
	 * Where polls go.
	 *
	 * @param host the host and port, as in {@code example.com:443}
	 * @param protocol the HTTP version
	 */
	public record Host(String host, HttpProtocol protocol) {
	}

	/**
	 * What a client holds to one host.
	 *
	 * @param host the host and protocol
	 * @param connections the open connections
	 * @param draining of those, the HTTP/2 connections that received a GOAWAY: they take
	 * no new poll and close once the polls they hold end
	 * @param activeStreams the HTTP/2 streams carrying a poll (0 over HTTP/1.1)
	 * @param pendingStreams the polls waiting for a free HTTP/2 stream (0 over HTTP/1.1)
	 */
	public record Usage(Host host, int connections, int draining, int activeStreams, int pendingStreams) {
	}

	/**
	 * Every host polled so far, with what is held to it now.
	 * @return the usage per host
	 */
	public List<Usage> usage() {
		List<Usage> usage = new ArrayList<>();
		this.hosts.forEach((host, counts) -> usage.add(counts.usage(host)));
		return usage;
	}

	/**
	 * What is held to one host now.
	 * @param host the host
	 * @return the usage, all zero for a host never polled
	 */
	public Usage usage(Host host) {
		Counts counts = this.hosts.get(host);
		return (counts != null) ? counts.usage(host) : new Usage(host, 0, 0, 0, 0);
	}

	/**
	 * Be told of each host the first time a poll goes to it (metrics register their gauges
	 * then); hosts already known are told at once.
	 * @param listener called with the host
	 */
	public void onNewHost(Consumer<Host> listener) {
		if (!this.counting) {
			return; // no host ever comes: keep no listener (and what it holds)
		}
		this.hostListeners.add(listener);
		this.hosts.keySet().forEach(listener);
	}

	Counts counts(Host host) {
		Counts counts = this.hosts.get(host);
		if (counts == null) {
			counts = this.hosts.computeIfAbsent(host, (key) -> new Counts());
			if (counts.announced.compareAndSet(false, true)) {
				this.hostListeners.forEach((listener) -> listener.accept(host));
			}
		}
		return counts;
	}

	/**
	 * A poll's request went out on a channel: its connection (the channel itself over
	 * HTTP/1.1, the stream's parent over HTTP/2) is counted until it closes, and an HTTP/2
	 * stream until the stream closes. Called on the connection's event loop.
	 */
	void requestSent(Host host, Channel channel) {
		Counts counts = counts(host);
		Channel connection = (channel.parent() != null) ? channel.parent() : channel;
		if (counts.connections.add(connection)) {
			connection.closeFuture().addListener((future) -> counts.connections.remove(connection));
		}
		if (host.protocol().isHttp2() && channel.parent() != null) {
			counts.activeStreams.incrementAndGet();
			channel.closeFuture().addListener((future) -> counts.activeStreams.decrementAndGet());
		}
	}

	/**
	 * Whether an HTTP/2 connection received a GOAWAY: it takes no new poll and closes
	 * once the polls it holds end.
	 */
	private static boolean draining(Channel connection) {
		Http2ConnectionState state = connection.attr(Http2ConnectionState.KEY).get();
		return state != null && state.draining();
	}

	/**
	 * A poll stopped waiting for a stream, after {@code nanos}.
	 */
	void waited(Host host, String listenerId, long nanos) {
		if (nanos < WORTH_A_WARNING_NANOS) {
			return;
		}
		Counts counts = counts(host);
		long now = System.nanoTime();
		long last = counts.lastWarning.get();
		if ((last == 0 || now - last >= WARN_INTERVAL.toNanos()) && counts.lastWarning.compareAndSet(last, now)) {
			logger.warn("Long polls to " + host.host() + " over " + host.protocol().value() + " wait for a free"
					+ " HTTP/2 stream (listener '" + listenerId + "' waited " + Duration.ofNanos(nanos).toMillis()
					+ " ms): its " + counts.connections.size() + " connections carry as many streams as allowed and "
					+ counts.pending.get() + " polls are waiting; raise longpoll.http.h2.max-connections or the"
					+ " server's concurrent-stream limit (logged at most once a minute per host)");
		}
	}

	static final class Counts {

		final Set<Channel> connections = ConcurrentHashMap.newKeySet();

		final AtomicInteger activeStreams = new AtomicInteger();

		final AtomicInteger pending = new AtomicInteger();

		final AtomicLong lastWarning = new AtomicLong();

		final AtomicBoolean announced = new AtomicBoolean();

		Usage usage(Host host) {
			int draining = 0;
			if (host.protocol().isHttp2()) {
				for (Channel connection : this.connections) {
					draining += draining(connection) ? 1 : 0;
				}
			}
			return new Usage(host, this.connections.size(), draining, Math.max(0, this.activeStreams.get()),
					Math.max(0, this.pending.get()));
		}

	}

}
