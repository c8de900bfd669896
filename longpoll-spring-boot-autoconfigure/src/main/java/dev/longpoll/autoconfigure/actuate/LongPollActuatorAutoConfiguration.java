package dev.longpoll.autoconfigure.actuate;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.longpoll.actuate.LongPollActuatorEndpoint;
import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.container.LongPollListenerRegistry;

/**
 * Auto-configuration of the {@code longpoll} actuator endpoint; available only when the
 * application exposes it ({@code management.endpoints.web.exposure.include}).
 */
@AutoConfiguration(after = LongPollAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
public final class LongPollActuatorAutoConfiguration {

	// Nested, so that the condition below (whose class is in spring-boot-actuator-autoconfigure)
	// is read only once the class check above has passed
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(LongPollListenerRegistry.class)
	@ConditionalOnAvailableEndpoint(LongPollActuatorEndpoint.class)
	static class ActuatorEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LongPollActuatorEndpoint longPollActuatorEndpoint(LongPollListenerRegistry registry) {
			return new LongPollActuatorEndpoint(registry);
		}

	}

}
