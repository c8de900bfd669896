package dev.longpoll.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.client.LongPollClient;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.metrics.LongPollConnectionMetrics;
import dev.longpoll.metrics.LongPollCycleObservationConvention;
import dev.longpoll.metrics.LongPollHandlerObservationConvention;
import dev.longpoll.metrics.MicrometerLongPollObserver;

/**
 * Auto-configuration of Micrometer meters and observations for long-poll listeners.
 */
@AutoConfiguration(after = LongPollAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, ObservationRegistry.class })
@ConditionalOnBean({ MeterRegistry.class, LongPollListenerRegistry.class })
public final class LongPollMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerLongPollObserver longPollMetricsObserver(MeterRegistry meterRegistry,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<LongPollCycleObservationConvention> cycleConvention,
			ObjectProvider<LongPollHandlerObservationConvention> handlerConvention) {
		return new MicrometerLongPollObserver(meterRegistry,
				observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP), cycleConvention.getIfUnique(),
				handlerConvention.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	LongPollConnectionMetrics longPollConnectionMetrics(LongPollClient client) {
		return new LongPollConnectionMetrics(client.connections());
	}

}
