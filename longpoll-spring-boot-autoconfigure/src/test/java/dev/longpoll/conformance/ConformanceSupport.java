package dev.longpoll.conformance;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContext;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.autoconfigure.health.LongPollHealthContributorAutoConfiguration;
import dev.longpoll.autoconfigure.jdbc.LongPollJdbcCursorStoreAutoConfiguration;
import dev.longpoll.health.LongPollHealthContributor;

/**
 * An application with the starter and health, as a user has it: defaults everywhere
 * except what a test sets.
 */
final class ConformanceSupport {

	private ConformanceSupport() {
	}

	static ApplicationContextRunner application() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class,
					LongPollHealthContributorAutoConfiguration.class, LongPollJdbcCursorStoreAutoConfiguration.class,
					org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration.class,
					WebClientAutoConfiguration.class, JacksonAutoConfiguration.class))
			.withBean(Received.class);
	}

	static Status health(ApplicationContext context) {
		LongPollHealthContributor contributor = context.getBean(LongPollHealthContributor.class);
		return ((HealthIndicator) contributor.getContributor("feed")).health().getStatus();
	}

	/**
	 * The lines the starter wrote about the listener at a level.
	 * @param output the captured output
	 * @param level such as {@code WARN}
	 * @return the lines
	 */
	static List<String> lines(CapturedOutput output, String level) {
		return Arrays.stream(output.getOut().split("\n"))
			.filter((line) -> line.contains(" " + level + " ") && line.contains("'feed'"))
			.toList();
	}

	static List<String> errors(CapturedOutput output) {
		return Arrays.stream(output.getOut().split("\n")).filter((line) -> line.contains(" ERROR ")).toList();
	}

}
