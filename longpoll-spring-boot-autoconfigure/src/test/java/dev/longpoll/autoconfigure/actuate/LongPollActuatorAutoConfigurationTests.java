package dev.longpoll.autoconfigure.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.actuate.LongPollActuatorEndpoint;
import dev.longpoll.autoconfigure.LongPollAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code longpoll} actuator endpoint exists only once exposed.
 */
class LongPollActuatorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class,
				LongPollActuatorAutoConfiguration.class, WebClientAutoConfiguration.class));

	@Test
	void runWhenNotExposedShouldNotCreateTheEndpoint() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(LongPollActuatorEndpoint.class));
	}

	@Test
	void runWhenExposedOverHttpShouldCreateTheEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=longpoll")
			.run((context) -> assertThat(context).hasSingleBean(LongPollActuatorEndpoint.class));
	}

	@Test
	void runWhenExposedButAccessNoneShouldNotCreateTheEndpoint() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=longpoll",
					"management.endpoint.longpoll.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(LongPollActuatorEndpoint.class));
	}

	@Test
	void runWithoutActuatorShouldNotCreateTheEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=longpoll")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("longPollActuatorEndpoint"));
	}

	@Test
	void runWhenLongPollDisabledShouldNotCreateTheEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=longpoll", "longpoll.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LongPollActuatorEndpoint.class));
	}

}
