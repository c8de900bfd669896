package dev.longpoll.container;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationListener;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.event.LongPollListenerStoppedEvent;
import dev.longpoll.handler.LongPollHandler;
import dev.longpoll.test.HoldingServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application with listeners mid-hold or mid-handler: fast, clean, and
 * bounded by the shutdown timeout.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulShutdownTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
				JacksonAutoConfiguration.class));

	private static List<Thread> ourThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("longpoll-handler"))
			.toList();
	}

	@Test
	void closingAThousandListenersMidHoldIsFastAndLeavesNothingBehind(CapturedOutput output) {
		int listeners = 1000;
		List<Long> stoppedAt = new CopyOnWriteArrayList<>();
		long[] closing = new long[2];
		List<Thread> before = ourThreads();
		List<String> handled = new CopyOnWriteArrayList<>();
		try (HoldingServer server = HoldingServer.answering("[1]")) {
			this.contextRunner
				.withBean(ApplicationListener.class,
						() -> (ApplicationListener<LongPollListenerStoppedEvent>) (event) -> stoppedAt.add(System.nanoTime()))
				.run((context) -> {
					LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
					for (int i = 0; i < listeners; i++) {
						registry.register("held-" + i, server.url() + "?listener=" + i,
								LongPollHandler.blocking((response, cursor) -> handled.add(Thread.currentThread().getName())));
					}
					await().atMost(Duration.ofSeconds(20)).until(() -> server.holding() == listeners);
					assertThat(handled).hasSize(listeners);
					closing[0] = System.nanoTime();
					context.close();
					closing[1] = System.nanoTime();
					assertThat(registry.getContainers())
						.allSatisfy((container) -> assertThat(container.state()).isEqualTo(ListenerState.STOPPED));
				});
			Duration close = Duration.ofNanos(closing[1] - closing[0]);
			Duration lastStop = Duration.ofNanos(stoppedAt.stream().mapToLong(Long::longValue).max().orElseThrow() - closing[0]);
			System.out.printf("shutdown: %d listeners mid-hold, all stopped after %d ms, context closed in %d ms%n",
					listeners, lastStop.toMillis(), close.toMillis());
			assertThat(stoppedAt).hasSize(listeners);
			assertThat(close).isLessThan(Duration.ofSeconds(1));
			await().atMost(Duration.ofSeconds(5)).until(() -> server.holding() == 0);
			await().atMost(Duration.ofSeconds(5)).until(() -> before.containsAll(ourThreads()));
		}
		assertThat(output.getOut()).doesNotContain(" ERROR ").doesNotContain("Exception");
		// one summary line instead of a thousand
		assertThat(output.getOut()).contains("Stopped 1,000 long-poll listeners in").doesNotContain("' stopped");
	}

	@Test
	void handlerInProgressFinishesAndCommitsWithinTheShutdownTimeout() {
		CountDownLatch entered = new CountDownLatch(1);
		try (HoldingServer server = HoldingServer.answering("{\"last\":5,\"events\":[5]}")) {
			this.contextRunner
				.withPropertyValues("longpoll.listeners.slow.cursor.from-body=/last",
						"longpoll.listeners.slow.cursor.query-parameter=after", "longpoll.shutdown-timeout=5s")
				.run((context) -> {
					LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
					LongPollContainer container = registry.register("slow", server.url(),
							LongPollHandler.blocking((response, cursor) -> {
								entered.countDown();
								sleep(Duration.ofMillis(500));
							}));
					entered.await();
					context.close();
					assertThat(container.cursor()).isEqualTo("5");
				});
		}
	}

	@Test
	void handlerThatIgnoresInterruptsDoesNotHoldShutdownPastTheTimeout() {
		CountDownLatch entered = new CountDownLatch(1);
		try (HoldingServer server = HoldingServer.answering("{\"last\":5,\"events\":[5]}")) {
			this.contextRunner
				.withPropertyValues("longpoll.listeners.stuck.cursor.from-body=/last",
						"longpoll.listeners.stuck.cursor.query-parameter=after", "longpoll.shutdown-timeout=500ms")
				.run((context) -> {
					LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
					LongPollContainer container = registry.register("stuck", server.url(),
							LongPollHandler.blocking((response, cursor) -> {
								entered.countDown();
								long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
								while (System.nanoTime() < until) {
									Thread.onSpinWait(); // ignores interrupts
								}
							}));
					entered.await();
					long start = System.nanoTime();
					context.close();
					Duration close = Duration.ofNanos(System.nanoTime() - start);
					assertThat(close).isBetween(Duration.ofMillis(400), Duration.ofSeconds(2));
					assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
					assertThat(container.cursor()).as("its events come again").isNull();
				});
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis()); // a slow handler, on purpose
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
