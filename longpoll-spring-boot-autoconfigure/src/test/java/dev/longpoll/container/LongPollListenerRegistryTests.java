package dev.longpoll.container;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.handler.LongPollHandler;
import dev.longpoll.test.HoldingServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The registry with many listeners on one host, against a real server.
 */
class LongPollListenerRegistryTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
				JacksonAutoConfiguration.class));

	@Test
	void everyListenerHoldsItsOwnConnectionAtOnce() {
		int listeners = 300;
		try (HoldingServer server = new HoldingServer(Duration.ofSeconds(20))) {
			this.contextRunner.run((context) -> {
				LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
				for (int i = 0; i < listeners; i++) {
					registry.register("device-" + i, server.url(), LongPollHandler.blocking((response, cursor) -> {
					}));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> server.holding() == listeners);
				assertThat(registry.getContainers()).hasSize(listeners)
					.allSatisfy((container) -> assertThat(container.state()).isEqualTo(ListenerState.RUNNING));
				long start = System.nanoTime();
				context.close();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
				assertThat(registry.getContainers())
					.allSatisfy((container) -> assertThat(container.state()).isEqualTo(ListenerState.STOPPED));
			});
			await().atMost(Duration.ofSeconds(5)).until(() -> server.holding() == 0);
		}
	}

	@Test
	void unknownIdsAreReportedByName() {
		this.contextRunner.run((context) -> {
			LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
			assertThatExceptionOfType(NoSuchListenerException.class).isThrownBy(() -> registry.pause("nope"))
				.withMessage("No long-poll listener with id 'nope'");
			assertThat(registry.getContainer("nope")).isNull();
		});
	}

}
