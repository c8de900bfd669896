package dev.longpoll.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.longpoll.client.LongPollConnections;
import dev.longpoll.client.LongPollConnections.Host;
import dev.longpoll.client.LongPollConnections.Usage;

/**
 * Gauges of the HTTP/2 connections the long-poll HTTP client holds, tagged {@code host}
 * and {@code protocol}: {@code longpoll.http.connections} (open connections),
 * {@code longpoll.http.connections.draining} (of those, the ones a GOAWAY retired),
 * {@code longpoll.http.streams.active} (streams carrying a poll) and
 * {@code longpoll.http.streams.pending} (polls waiting for a free stream). A host gets its
 * gauges the first time a poll goes to it.
 */
public class LongPollConnectionMetrics implements MeterBinder {

	private final LongPollConnections connections;

	/**
	 * Create the gauges' binder.
	 * @param connections what the client holds
	 */
	public LongPollConnectionMetrics(LongPollConnections connections) {
		this.connections = connections;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.connections.onNewHost((host) -> register(registry, host));
	}

	private void register(MeterRegistry registry, Host host) {
		gauge(registry, host, "longpoll.http.connections", "Open long-poll connections", Usage::connections);
		if (host.protocol().isHttp2()) {
			gauge(registry, host, "longpoll.http.connections.draining",
					"HTTP/2 connections that received a GOAWAY and close once their polls end", Usage::draining);
			gauge(registry, host, "longpoll.http.streams.active", "HTTP/2 streams carrying a long poll",
					Usage::activeStreams);
			gauge(registry, host, "longpoll.http.streams.pending", "Long polls waiting for a free HTTP/2 stream",
					Usage::pendingStreams);
		}
	}

	private void gauge(MeterRegistry registry, Host host, String name, String description,
			ToDoubleFunction<Usage> value) {
		Gauge.builder(name, this.connections, (connections) -> value.applyAsDouble(connections.usage(host)))
			.description(description)
			.tag("host", host.host())
			.tag("protocol", host.protocol().value())
			.strongReference(true)
			.register(registry);
	}

}
