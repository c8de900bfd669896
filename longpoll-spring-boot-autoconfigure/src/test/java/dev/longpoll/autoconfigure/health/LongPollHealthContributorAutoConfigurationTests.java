package dev.longpoll.autoconfigure.health;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.health.LongPollHealthContributor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the {@code longPoll} health contributor exists.
 */
class LongPollHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LongPollAutoConfiguration.class, LongPollHealthContributorAutoConfiguration.class,
					WebClientAutoConfiguration.class));

	@Test
	void runShouldCreateTheContributor() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LongPollHealthContributor.class)
			.hasBean("longPollHealthContributor"));
	}

	@Test
	void runWhenHealthIndicatorDisabledShouldNotCreateTheContributor() {
		this.contextRunner.withPropertyValues("management.health.longpoll.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LongPollHealthContributor.class));
	}

	@Test
	void runWhenLongPollDisabledShouldNotCreateTheContributor() {
		this.contextRunner.withPropertyValues("longpoll.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LongPollHealthContributor.class));
	}

	@Test
	void runWithoutBootHealthShouldNotCreateTheContributor() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("longPollHealthContributor"));
	}

	@Test
	void runWithUserContributorNamedLikeOursShouldBackOff() {
		CompositeHealthContributor own = CompositeHealthContributor.fromMap(java.util.Map.of());
		this.contextRunner.withBean("longPollHealthContributor", CompositeHealthContributor.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean(LongPollHealthContributor.class)
				.getBean("longPollHealthContributor")
				.isSameAs(own));
	}

}
