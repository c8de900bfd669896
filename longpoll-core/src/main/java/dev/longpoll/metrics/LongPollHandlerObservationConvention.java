package dev.longpoll.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * How a handler call's observation is named and tagged; declare a bean to replace
 * {@link DefaultLongPollHandlerObservationConvention}.
 */
public interface LongPollHandlerObservationConvention extends ObservationConvention<LongPollHandlerContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof LongPollHandlerContext;
	}

}
