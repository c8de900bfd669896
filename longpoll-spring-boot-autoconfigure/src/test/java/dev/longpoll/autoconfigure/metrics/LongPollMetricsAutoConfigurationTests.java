package dev.longpoll.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.metrics.MicrometerLongPollObserver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meters exist when the application has a meter registry.
 */
class LongPollMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class,
				LongPollMetricsAutoConfiguration.class, WebClientAutoConfiguration.class));

	@Test
	void runWithAMeterRegistryShouldCreateTheObserver() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(MicrometerLongPollObserver.class));
	}

	@Test
	void runWithoutAMeterRegistryShouldNotCreateTheObserver() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MicrometerLongPollObserver.class));
	}

	@Test
	void runWithoutMicrometerShouldNotCreateTheObserver() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("longPollMetricsObserver"));
	}

	@Test
	void runWithAUserObserverShouldBackOff() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("own", MicrometerLongPollObserver.class,
					() -> new MicrometerLongPollObserver(new SimpleMeterRegistry(),
							io.micrometer.observation.ObservationRegistry.NOOP))
			.run((context) -> assertThat(context).hasSingleBean(MicrometerLongPollObserver.class).hasBean("own"));
	}

}
