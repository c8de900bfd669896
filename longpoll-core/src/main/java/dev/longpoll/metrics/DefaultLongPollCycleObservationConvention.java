package dev.longpoll.metrics;

import io.micrometer.common.KeyValues;

/**
 * {@code longpoll.poll.cycle}, tagged with the low-cardinality {@code listener},
 * {@code outcome} and {@code status}; never a URL or a cursor.
 */
public class DefaultLongPollCycleObservationConvention implements LongPollCycleObservationConvention {

	/** The shared instance. */
	public static final DefaultLongPollCycleObservationConvention INSTANCE = new DefaultLongPollCycleObservationConvention();

	@Override
	public String getName() {
		return "longpoll.poll.cycle";
	}

	@Override
	public String getContextualName(LongPollCycleContext context) {
		return "long-poll " + context.getListenerId();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LongPollCycleContext context) {
		String outcome = context.getOutcome();
		return KeyValues.of("listener", context.getListenerId(), "outcome", (outcome != null) ? outcome : "none",
				"status", (context.getStatus() > 0) ? Integer.toString(context.getStatus()) : "none");
	}

}
