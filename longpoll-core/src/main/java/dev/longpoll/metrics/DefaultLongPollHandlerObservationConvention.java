package dev.longpoll.metrics;

import io.micrometer.common.KeyValues;

/**
 * {@code longpoll.handler.invocation}, tagged with the low-cardinality {@code listener}
 * and {@code outcome} ({@code success} or {@code failure}).
 */
public class DefaultLongPollHandlerObservationConvention implements LongPollHandlerObservationConvention {

	/** The shared instance. */
	public static final DefaultLongPollHandlerObservationConvention INSTANCE = new DefaultLongPollHandlerObservationConvention();

	@Override
	public String getName() {
		return "longpoll.handler.invocation";
	}

	@Override
	public String getContextualName(LongPollHandlerContext context) {
		return "long-poll handler " + context.getListenerId();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LongPollHandlerContext context) {
		return KeyValues.of("listener", context.getListenerId(), "outcome",
				(context.getError() != null) ? "failure" : "success");
	}

}
