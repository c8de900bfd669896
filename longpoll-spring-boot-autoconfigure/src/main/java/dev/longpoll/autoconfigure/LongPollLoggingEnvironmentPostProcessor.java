package dev.longpoll.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Keeps logs calm: Reactor Netty logs a WARN with a stack trace for every reset
 * connection, which for a long-poll feed that is down means one line per retry. The
 * loop already reports each failure streak (first failure, then a summary per interval),
 * so this sets {@value #LOGGER} to ERROR as a default property, which any setting of the
 * application overrides.
 */
public class LongPollLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String LOGGER = "logging.level.reactor.netty.http.client.HttpClientConnect";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("longpoll.enabled", Boolean.class, true) || environment.containsProperty(LOGGER)) {
			return;
		}
		DefaultPropertiesPropertySource.addOrMerge(Map.of(LOGGER, "ERROR"), environment.getPropertySources());
	}

}
