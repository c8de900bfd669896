package dev.longpoll.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.annotation.LongPollListener;
import dev.longpoll.cursor.CursorPosition;
import dev.longpoll.cursor.FileCursorStore;
import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.test.ChaosFeedServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At-least-once delivery against a real feed that misbehaves: every event arrives, in
 * order, with no gap; duplicates only where a handler failed mid-batch.
 */
class DeliveryGuaranteeTests {

	private static final int EVENTS = Integer.getInteger("longpoll.chaos.events", 20_000);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
				JacksonAutoConfiguration.class))
		.withPropertyValues("longpoll.listeners.chaos.payload-pointer=/events",
				"longpoll.listeners.chaos.cursor.from-body=/last", "longpoll.listeners.chaos.cursor.query-parameter=after",
				"longpoll.listeners.chaos.timeout=300ms", "longpoll.defaults.backoff.initial-interval=1ms",
				"longpoll.defaults.backoff.max-interval=5ms", "longpoll.defaults.backoff.jitter=0ms",
				"longpoll.defaults.min-empty-poll-interval=0ms");

	record Event(long id) {
	}

	/**
	 * Checks the sequence as it arrives; fails a share of batches part-way through.
	 */
	static class SequenceListener {

		final AtomicLong expected = new AtomicLong(1);

		final AtomicInteger duplicates = new AtomicInteger();

		final AtomicInteger allowedDuplicates = new AtomicInteger();

		final AtomicInteger handlerFailures = new AtomicInteger();

		final List<String> gaps = new CopyOnWriteArrayList<>();

		volatile double failureRate;

		volatile long failAfterId = Long.MAX_VALUE;

		private final Random random = new Random(7);

		@LongPollListener(id = "chaos", url = "${chaos.url}")
		void on(List<Event> batch) {
			for (int i = 0; i < batch.size(); i++) {
				long id = batch.get(i).id();
				if (this.random.nextDouble() < this.failureRate || id > this.failAfterId) {
					this.handlerFailures.incrementAndGet();
					this.allowedDuplicates.addAndGet(i);
					throw new IllegalStateException("handler failed at event " + id);
				}
				if (id == this.expected.get()) {
					this.expected.incrementAndGet();
				}
				else if (id < this.expected.get()) {
					this.duplicates.incrementAndGet();
				}
				else {
					this.gaps.add("expected " + this.expected.get() + " but got " + id);
					this.expected.set(id + 1);
				}
			}
		}

	}

	private static long readCursor(Path cursors) {
		CursorPosition position = new FileCursorStore(cursors).load("chaos");
		assertThat(position).isNotNull();
		return Long.parseLong(position.cursor());
	}

	@ParameterizedTest(name = "prefetch {0}")
	@ValueSource(ints = { 0, 1 })
	void chaosFeedDeliversEveryEventInOrderWithoutGaps(int prefetch) {
		long seed = System.nanoTime();
		try (ChaosFeedServer feed = new ChaosFeedServer(EVENTS, 100, 0.25, Duration.ofMillis(500), seed)) {
			this.contextRunner.withPropertyValues("chaos.url=" + feed.url(), "longpoll.listeners.chaos.prefetch=" + prefetch)
				.withBean(SequenceListener.class)
				.run((context) -> {
					SequenceListener listener = context.getBean(SequenceListener.class);
					listener.failureRate = 0.002;
					await().atMost(Duration.ofMinutes(2)).until(() -> listener.expected.get() > EVENTS);
					assertThat(listener.gaps).as("gaps (seed %d)", seed).isEmpty();
					assertThat(listener.duplicates.get()).as("duplicates (seed %d)", seed)
						.isEqualTo(listener.allowedDuplicates.get());
					assertThat(feed.totalFaults()).as("faults").isGreaterThanOrEqualTo(feed.served() / 10);
					for (ChaosFeedServer.Chaos fault : ChaosFeedServer.Chaos.values()) {
						assertThat(feed.faults(fault)).as(fault.name()).isPositive();
					}
					System.out.printf("chaos (prefetch %d): %d events, %d responses, %d faults, %d handler failures,"
							+ " %d duplicates%n", prefetch, EVENTS, feed.served(), feed.totalFaults(),
							listener.handlerFailures.get(),
							listener.duplicates.get());
				});
		}
	}

	@Test
	void restartWithTheFileStoreResumesWithoutGap(@TempDir Path cursors) {
		try (ChaosFeedServer feed = new ChaosFeedServer(EVENTS, 100, 0.1, Duration.ofMillis(500), 42)) {
			ApplicationContextRunner runner = this.contextRunner.withPropertyValues("chaos.url=" + feed.url(),
					"longpoll.cursor-store.type=file", "longpoll.cursor-store.directory=" + cursors);
			AtomicLong stoppedAt = new AtomicLong();
			runner.withBean(SequenceListener.class).run((context) -> {
				SequenceListener listener = context.getBean(SequenceListener.class);
				await().atMost(Duration.ofMinutes(1)).until(() -> listener.expected.get() > EVENTS / 3);
				context.close(); // mid-stream
				stoppedAt.set(listener.expected.get());
			});
			assertThat(cursors.resolve("chaos.position")).exists();
			runner.withBean(SequenceListener.class).run((context) -> {
				SequenceListener listener = context.getBean(SequenceListener.class);
				long committed = readCursor(cursors);
				assertThat(committed + 1).isLessThanOrEqualTo(stoppedAt.get());
				listener.expected.set(committed + 1);
				await().atMost(Duration.ofMinutes(1)).until(() -> listener.expected.get() > EVENTS);
				assertThat(listener.gaps).isEmpty();
			});
		}
	}

	@Test
	void restartAfterAHandlerFailureMidBatchRedeliversTheBatch(@TempDir Path cursors) {
		try (ChaosFeedServer feed = new ChaosFeedServer(EVENTS, 100, 0.0, Duration.ofMillis(500), 43)) {
			ApplicationContextRunner runner = this.contextRunner.withPropertyValues("chaos.url=" + feed.url(),
					"longpoll.cursor-store.type=file", "longpoll.cursor-store.directory=" + cursors);
			runner.withBean(SequenceListener.class).run((context) -> {
				SequenceListener listener = context.getBean(SequenceListener.class);
				listener.failAfterId = 1000; // every batch past event 1000 fails part-way through
				await().atMost(Duration.ofSeconds(30)).until(() -> listener.handlerFailures.get() >= 3);
			});
			long committed = readCursor(cursors);
			assertThat(committed).isLessThanOrEqualTo(1000);
			runner.withBean(SequenceListener.class).run((context) -> {
				SequenceListener listener = context.getBean(SequenceListener.class);
				listener.expected.set(committed + 1);
				await().atMost(Duration.ofMinutes(1)).until(() -> listener.expected.get() > EVENTS);
				assertThat(listener.gaps).isEmpty();
			});
		}
	}

}
