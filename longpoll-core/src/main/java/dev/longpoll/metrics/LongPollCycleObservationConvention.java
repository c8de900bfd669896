package dev.longpoll.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * How a poll cycle's observation is named and tagged; declare a bean to replace
 * {@link DefaultLongPollCycleObservationConvention}.
 */
public interface LongPollCycleObservationConvention extends ObservationConvention<LongPollCycleContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof LongPollCycleContext;
	}

}
