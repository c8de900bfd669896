package dev.longpoll.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.autoconfigure.LongPollProperties;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.health.LongPollHealthContributor;

/**
 * Auto-configuration of the {@code longPoll} health contributor
 * ({@code management.health.longpoll.enabled}).
 */
@AutoConfiguration(after = LongPollAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
public final class LongPollHealthContributorAutoConfiguration {

	// Nested, so that the condition below (whose class is in spring-boot-health) is read
	// only once the class check above has passed
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(LongPollListenerRegistry.class)
	@ConditionalOnEnabledHealthIndicator("longpoll")
	static class HealthContributorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "longPollHealthContributor")
		LongPollHealthContributor longPollHealthContributor(LongPollListenerRegistry registry,
				LongPollProperties properties) {
			return new LongPollHealthContributor(registry, properties.getHealth().getFailureThreshold(),
					properties.getHealth().getStallTimeoutMultiplier());
		}

	}

}
