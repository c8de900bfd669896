package dev.longpoll.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.container.PollOutcome;

/**
 * Micrometer meters and observations for long-poll listeners. Tags stay low-cardinality:
 * the listener id, the outcome and the status code, never a URL or a cursor.
 */
public class MicrometerLongPollObserver implements LongPollObserver {

	private static final String LISTENER = "listener";

	private final MeterRegistry meters;

	private final ObservationRegistry observations;

	private final Map<String, Observation> pollObservations = new ConcurrentHashMap<>();

	private final Map<String, Observation> handlerObservations = new ConcurrentHashMap<>();

	private final Map<String, Boolean> gauged = new ConcurrentHashMap<>();

	public MicrometerLongPollObserver(MeterRegistry meters, ObservationRegistry observations) {
		this.meters = meters;
		this.observations = observations;
	}

	@Override
	public void onStateChanged(LongPollContainer container, ListenerState previous, ListenerState current) {
		registerGauges(container);
	}

	@Override
	public void onPollStarted(LongPollContainer container) {
		registerGauges(container);
		if (!this.observations.isNoop()) {
			Observation poll = Observation.createNotStarted("longpoll.poll.cycle", this.observations)
				.contextualName("long-poll " + container.id())
				.lowCardinalityKeyValue(LISTENER, container.id())
				.start();
			this.pollObservations.put(container.id(), poll);
		}
	}

	@Override
	public void onHandlerStarted(LongPollContainer container) {
		if (!this.observations.isNoop()) {
			Observation handler = Observation.createNotStarted("longpoll.handler.invocation", this.observations)
				.contextualName("long-poll handler " + container.id())
				.lowCardinalityKeyValue(LISTENER, container.id())
				.parentObservation(this.pollObservations.get(container.id()))
				.start();
			this.handlerObservations.put(container.id(), handler);
		}
	}

	@Override
	public void onPollCompleted(LongPollContainer container, PollOutcome outcome, int status, Duration duration) {
		String outcomeTag = outcome.name().toLowerCase(Locale.ROOT);
		Timer.builder("longpoll.poll")
			.description("Long-poll cycles: request, response and handling")
			.tags(LISTENER, container.id(), "outcome", outcomeTag, "status",
					(status > 0) ? Integer.toString(status) : "none")
			.register(this.meters)
			.record(duration);
		Observation poll = this.pollObservations.remove(container.id());
		if (poll != null) {
			poll.lowCardinalityKeyValue("outcome", outcomeTag).stop();
		}
		Observation handler = this.handlerObservations.remove(container.id());
		if (handler != null) {
			handler.stop(); // cancelled while handling
		}
	}

	@Override
	public void onHandlerCompleted(LongPollContainer container, int events, Duration duration,
			@Nullable Throwable error) {
		Timer.builder("longpoll.handler")
			.description("Calls of listener handlers, one per response with events")
			.tags(LISTENER, container.id(), "outcome", (error != null) ? "failure" : "success")
			.register(this.meters)
			.record(duration);
		if (error == null) {
			Counter.builder("longpoll.events.delivered")
				.description("Events handed to listener handlers that completed")
				.tags(LISTENER, container.id())
				.register(this.meters)
				.increment(events);
		}
		Observation handler = this.handlerObservations.remove(container.id());
		if (handler != null) {
			if (error != null) {
				handler.error(error);
			}
			handler.stop();
		}
	}

	@Override
	public void onFailure(LongPollContainer container, Throwable cause, int consecutiveFailures,
			Duration nextDelay) {
		Counter.builder("longpoll.retries")
			.description("Failures followed by a backoff and another attempt")
			.tags(LISTENER, container.id())
			.register(this.meters)
			.increment();
	}

	@Override
	public void onSkipped(LongPollContainer container, int events, String excerpt, Throwable cause,
			boolean deadLettered) {
		Counter.builder("longpoll.events.skipped")
			.description("Events the error policy moved past: skipped or dead-lettered")
			.tags(LISTENER, container.id(), "action", deadLettered ? "dead-letter" : "skip")
			.register(this.meters)
			.increment(events);
	}

	private void registerGauges(LongPollContainer container) {
		if (this.gauged.putIfAbsent(container.id(), Boolean.TRUE) != null) {
			return;
		}
		Tags tags = Tags.of(LISTENER, container.id());
		Gauge.builder("longpoll.polls.in-flight", container, (c) -> c.pollInFlight() ? 1 : 0)
			.description("Whether a poll of the listener is in flight (1) or not (0)")
			.tags(tags)
			.register(this.meters);
		Gauge.builder("longpoll.backoff.delay", container, MicrometerLongPollObserver::secondsToRetry)
			.description("Seconds until the next attempt while backing off, 0 otherwise")
			.baseUnit("seconds")
			.tags(tags)
			.register(this.meters);
		Gauge.builder("longpoll.failures.consecutive", container, LongPollContainer::consecutiveFailures)
			.description("Failures in a row since the last successful poll")
			.tags(tags)
			.register(this.meters);
		Gauge.builder("longpoll.last-success.age", container, MicrometerLongPollObserver::secondsSinceSuccess)
			.description("Seconds since the last successful poll (NaN before the first)")
			.baseUnit("seconds")
			.tags(tags)
			.register(this.meters);
		Gauge.builder("longpoll.state", container, (c) -> stateValue(c.state()))
			.description("Listener state: 1 running, 0 created, paused, stopping or stopped, -1 failed")
			.tags(tags)
			.register(this.meters);
	}

	private static double secondsToRetry(LongPollContainer container) {
		Instant next = container.nextRetryAt();
		return (next != null) ? Math.max(0, Duration.between(Instant.now(), next).toMillis() / 1000.0) : 0;
	}

	private static double secondsSinceSuccess(LongPollContainer container) {
		Instant last = container.lastSuccess();
		return (last != null) ? Duration.between(last, Instant.now()).toMillis() / 1000.0 : Double.NaN;
	}

	static double stateValue(ListenerState state) {
		return switch (state) {
			case RUNNING -> 1;
			case FAILED -> -1;
			default -> 0;
		};
	}

}
