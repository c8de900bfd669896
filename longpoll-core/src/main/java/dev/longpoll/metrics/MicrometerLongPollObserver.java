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
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.container.PollOutcome;
import dev.longpoll.handler.InvocationScope;

/**
 * Micrometer meters and observations for long-poll listeners. Tags stay low-cardinality:
 * the listener id, the outcome and the status code, never a URL or a cursor.
 */
public class MicrometerLongPollObserver implements LongPollObserver {

	private static final String LISTENER = "listener";

	private final MeterRegistry meters;

	private final ObservationRegistry observations;

	private final @Nullable LongPollCycleObservationConvention cycleConvention;

	private final @Nullable LongPollHandlerObservationConvention handlerConvention;

	private final Map<String, Observation> pollObservations = new ConcurrentHashMap<>();

	private final Map<String, Observation> handlerObservations = new ConcurrentHashMap<>();

	private final Map<String, Boolean> gauged = new ConcurrentHashMap<>();

	/**
	 * Create an observer with the default observation conventions.
	 * @param meters where meters go
	 * @param observations where observations go
	 */
	public MicrometerLongPollObserver(MeterRegistry meters, ObservationRegistry observations) {
		this(meters, observations, null, null);
	}

	/**
	 * Create an observer.
	 * @param meters where meters go
	 * @param observations where observations go
	 * @param cycleConvention names and tags poll cycle observations, or {@code null} for
	 * the default
	 * @param handlerConvention names and tags handler observations, or {@code null} for the
	 * default
	 */
	public MicrometerLongPollObserver(MeterRegistry meters, ObservationRegistry observations,
			@Nullable LongPollCycleObservationConvention cycleConvention,
			@Nullable LongPollHandlerObservationConvention handlerConvention) {
		this.meters = meters;
		this.observations = observations;
		this.cycleConvention = cycleConvention;
		this.handlerConvention = handlerConvention;
	}

	@Override
	public void onStateChanged(LongPollContainer container, ListenerState previous, ListenerState current) {
		registerGauges(container);
	}

	@Override
	public void onPollStarted(LongPollContainer container) {
		registerGauges(container);
		if (!this.observations.isNoop()) {
			Observation poll = Observation.createNotStarted(this.cycleConvention,
					DefaultLongPollCycleObservationConvention.INSTANCE, () -> new LongPollCycleContext(container.id()),
					this.observations)
				.start();
			this.pollObservations.put(container.id(), poll);
		}
	}

	@Override
	public void onHandlerStarted(LongPollContainer container) {
		if (!this.observations.isNoop()) {
			Observation handler = Observation.createNotStarted(this.handlerConvention,
					DefaultLongPollHandlerObservationConvention.INSTANCE,
					() -> new LongPollHandlerContext(container.id()), this.observations)
				.parentObservation(this.pollObservations.get(container.id()))
				.start();
			this.handlerObservations.put(container.id(), handler);
		}
	}

	/**
	 * Puts the poll's observation where Spring's HTTP client looks for its parent, so
	 * that the exchange is observed (and traced) as a child of the poll.
	 */
	@Override
	public Context pollContext(LongPollContainer container, Context context) {
		Observation poll = this.pollObservations.get(container.id());
		return (poll != null) ? context.put(ObservationThreadLocalAccessor.KEY, poll) : context;
	}

	/**
	 * Opens the handler's observation on the handler thread, so that a tracer puts its
	 * trace and span ids in the MDC of the user's log lines.
	 */
	@Override
	public InvocationScope openHandlerScope(LongPollContainer container) {
		Observation handler = this.handlerObservations.get(container.id());
		if (handler == null) {
			return InvocationScope.NONE;
		}
		Observation.Scope scope = handler.openScope();
		return scope::close;
	}

	/**
	 * Removes the meters of a listener that was unregistered.
	 */
	@Override
	public void onUnregistered(LongPollContainer container) {
		this.gauged.remove(container.id());
		this.meters.getMeters()
			.stream()
			.filter((meter) -> container.id().equals(meter.getId().getTag(LISTENER)))
			.forEach(this.meters::remove);
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
			if (poll.getContext() instanceof LongPollCycleContext context) {
				context.setOutcome(outcomeTag);
				context.setStatus(status);
			}
			poll.stop();
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
			if (handler.getContext() instanceof LongPollHandlerContext context) {
				context.setEvents(events);
			}
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
