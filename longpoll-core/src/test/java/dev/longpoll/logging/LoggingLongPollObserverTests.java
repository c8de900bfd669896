package dev.longpoll.logging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.longpoll.client.LongPollClient;
import dev.longpoll.container.DefaultLongPollContainerFactory;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.StopReason;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.test.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * However faults come (a long outage, isolated faults, a flapping server), one listener
 * writes at most one WARN and one INFO per summary interval, each counting what it stands
 * for.
 */
class LoggingLongPollObserverTests {

	private static final Duration INTERVAL = Duration.ofMinutes(1);

	private final AtomicLong now = new AtomicLong();

	private final LoggingLongPollObserver observer = new LoggingLongPollObserver(INTERVAL, this.now::get);

	private final LogCapture log = LogCapture.of("dev.longpoll");

	private final LongPollContainer container = new DefaultLongPollContainerFactory((LongPollClient) (request) -> Mono.never(), Schedulers.immediate(), this.observer, List.of(), Duration.ofSeconds(1)).create(LongPollEndpoint.builder("calm")
		.url("http://feed.test/events?token=s3cret")
		.handler((response, cursor) -> Mono.empty())
		.build());

	@AfterEach
	void close() {
		this.container.cancel();
		this.log.close();
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	private void fail(int consecutive) {
		this.observer.onFailure(this.container, new IllegalStateException("boom"), consecutive, Duration.ofSeconds(1));
	}

	@Test
	void isolatedFaultsEverySecondForElevenMinutesLogElevenWarningsAndElevenRecoveries() {
		for (int second = 0; second < 11 * 60; second++) {
			fail(1);
			this.observer.onRecovered(this.container, 1, Duration.ofMillis(300));
			advance(Duration.ofSeconds(1));
		}
		assertThat(this.log.lines("WARN")).hasSize(11);
		assertThat(this.log.lines("INFO")).hasSize(11);
		assertThat(this.log.lines("WARN").get(1)).contains("failed: IllegalStateException: boom")
			.contains("59 more failures since the last report");
		assertThat(this.log.lines("INFO").get(1)).contains("recovered after 1 failure")
			.contains("59 more recoveries since the last report");
	}

	@Test
	void aLongOutageLogsTheFirstFailureThenOneSummaryPerInterval() {
		this.container.start();
		for (int attempt = 1; attempt <= 300; attempt++) {
			fail(attempt);
			advance(Duration.ofSeconds(1));
		}
		this.observer.onRecovered(this.container, 300, Duration.ofMinutes(5));
		List<String> warnings = this.log.lines("WARN");
		assertThat(this.log.lines("INFO")).hasSize(2); // started, recovered
		assertThat(warnings).hasSize(5);
		assertThat(warnings.get(0)).contains("'calm' failed: IllegalStateException: boom; next attempt in 1000 ms")
			.doesNotContain("more failures");
		assertThat(warnings.get(1)).contains("still failing: 61 failures in a row")
			.contains("59 more failures since the last report");
		assertThat(this.log.lines("INFO").get(1)).contains("recovered after 300 failures");
		assertThat(this.log.lines()).noneMatch((line) -> line.contains("[with stack trace]"));
	}

	@Test
	void aFailureWhileStoppingDoesNotPromiseARetry() {
		this.container.start();
		this.container.stop();
		fail(1);
		assertThat(this.log.lines("WARN")).singleElement()
			.asString()
			.endsWith("no attempt while stopped (at most one such line per 60 s)");
		assertThat(this.log.lines()).noneMatch((line) -> line.contains("retrying") || line.contains("next attempt"));
	}

	@Test
	void startsAndStopsAreInfoWithTheUrlRedactedAndAStopByItselfIsOneError() {
		this.observer.onStateChanged(this.container, dev.longpoll.container.ListenerState.CREATED,
				dev.longpoll.container.ListenerState.RUNNING);
		this.observer.onStopped(this.container, StopReason.CURSOR_EXPIRED, new IllegalStateException("gone"));
		assertThat(this.log.lines("INFO")).singleElement()
			.asString()
			.contains("'calm' started: GET http://feed.test/events?token=******");
		assertThat(this.log.lines("ERROR")).singleElement().asString().contains("stopped (CURSOR_EXPIRED)");
	}

}
