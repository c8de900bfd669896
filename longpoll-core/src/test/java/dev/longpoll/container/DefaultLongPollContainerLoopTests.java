package dev.longpoll.container;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import dev.longpoll.client.LongPollStatusException;
import dev.longpoll.cursor.CursorPosition;
import dev.longpoll.cursor.InMemoryCursorStore;
import dev.longpoll.handler.ErrorPolicy;

import static dev.longpoll.container.LoopTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop on a stub client in virtual time: backoff, pacing, Retry-After, commits and the
 * error policy, with exact times instead of wall-clock ranges.
 */
class DefaultLongPollContainerLoopTests {

	private VirtualTimeScheduler time;

	private final LoopTestSupport loop = LoopTestSupport.create();

	@BeforeEach
	void virtualTime() {
		this.time = VirtualTimeScheduler.getOrSet();
	}

	@AfterEach
	void realTime() {
		this.loop.close();
		VirtualTimeScheduler.reset();
	}

	@Test
	void failuresBackOffExponentiallyAndTheFirstSuccessResetsTheBackoff() {
		this.loop.client.then(500, "").then(500, "").then(500, "").then(200, events(1, 1)).then(500, "");
		LongPollContainer container = this.loop.container(this.loop.endpoint());
		container.start();
		this.time.advanceTimeBy(Duration.ofSeconds(10));
		// 0: 500, +100: 500, +200: 500, +400: events, at once: 500, +100 (reset): held
		assertThat(this.loop.client.sentAtMillis).containsExactly(0L, 100L, 300L, 700L, 700L, 800L);
		assertThat(this.loop.observer.recoveries).containsExactly(3);
		assertThat(this.loop.handled).containsExactly(events(1, 1));
	}

	@Test
	void emptyAnswersThatComeAtOnceArePacedByTheLeastEmptyPollInterval() {
		this.loop.client.then(204, "").then(200, "[]").then(200, "{}").then(200, events(3, 3));
		LongPollContainer container = this.loop.container(this.loop.endpoint());
		container.start();
		this.time.advanceTimeBy(Duration.ofSeconds(10));
		assertThat(this.loop.client.sentAtMillis).containsExactly(0L, 1000L, 2000L, 3000L, 3000L);
		assertThat(this.loop.observer.outcomes).startsWith(PollOutcome.EMPTY, PollOutcome.EMPTY, PollOutcome.EMPTY,
				PollOutcome.EVENTS);
	}

	@Test
	void retryAfterLongerThanTheBackoffIsHonouredAndCappedByMaxRetryAfter() {
		this.loop.client.then(503, "", "Retry-After", "5").then(429, "", "Retry-After", "3600").then(204, "");
		LongPollContainer container = this.loop.container(this.loop.endpoint().maxRetryAfter(Duration.ofSeconds(20)));
		container.start();
		this.time.advanceTimeBy(Duration.ofMinutes(2));
		assertThat(this.loop.client.sentAtMillis).startsWith(0L, 5000L, 25000L);
		assertThat(this.loop.observer.outcomes).startsWith(PollOutcome.THROTTLED, PollOutcome.THROTTLED);
	}

	@Test
	void maxAttemptsStopsTheListenerWithItsReason() {
		org.springframework.util.backoff.ExponentialBackOff backOff = new org.springframework.util.backoff.ExponentialBackOff(
				100, 2.0);
		backOff.setMaxAttempts(2);
		this.loop.client.then(500, "").then(500, "").then(500, "");
		LongPollContainer container = this.loop.container(this.loop.endpoint().backOff(backOff));
		container.start();
		this.time.advanceTimeBy(Duration.ofSeconds(10));
		assertThat(this.loop.client.requestCount()).isEqualTo(3);
		assertThat(container.state()).isEqualTo(ListenerState.FAILED);
		assertThat(container.stopReason()).isEqualTo(StopReason.MAX_ATTEMPTS);
	}

	@Test
	void theCursorOfHandledEventsIsSentOnTheNextPoll() {
		this.loop.client.then(200, events(7, 6, 7)).then(200, events(9, 8, 9));
		LongPollContainer container = this.loop.container(this.loop.endpoint().initialCursor("5"));
		container.start();
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(this.loop.client.query(0)).isEqualTo("after=5");
		assertThat(this.loop.client.query(1)).isEqualTo("after=7");
		assertThat(this.loop.client.query(2)).isEqualTo("after=9");
		assertThat(container.cursor()).isEqualTo("9");
		assertThat(this.loop.observer.handlerResults).containsExactly("success:1", "success:1");
	}

	/**
	 * Defect 1: the store failed after the handler succeeded. That is an ordinary failure:
	 * backoff and the same events again; the error policy (here: skip at once) is not
	 * touched, and the handler is reported once per call.
	 */
	@Test
	void cursorStoreFailureAfterTheHandlerIsAnOrdinaryFailureNotAHandlerFailure() {
		AtomicInteger saves = new AtomicInteger();
		InMemoryCursorStore failingOnce = new InMemoryCursorStore() {

			@Override
			public void save(String listenerId, CursorPosition position) {
				if (saves.incrementAndGet() == 1) {
					throw new UncheckedIOException(new java.io.IOException("disk full"));
				}
				super.save(listenerId, position);
			}

		};
		this.loop.client.then(200, events(1, 1)).then(200, events(1, 1));
		LongPollContainer container = this.loop.container(this.loop.endpoint()
			.cursorStore(failingOnce)
			.errorPolicy(new ErrorPolicy(ErrorPolicy.Action.SKIP, 0)));
		container.start();
		this.time.advanceTimeBy(Duration.ofSeconds(5));
		assertThat(this.loop.handled).containsExactly(events(1, 1), events(1, 1));
		assertThat(this.loop.observer.handlerResults).containsExactly("success:1", "success:1");
		assertThat(this.loop.observer.skipped).isEmpty();
		assertThat(this.loop.observer.outcomes).startsWith(PollOutcome.ERROR, PollOutcome.EVENTS);
		assertThat(this.loop.observer.failures).singleElement()
			.satisfies((failure) -> assertThat(failure).hasMessageContaining("disk full"));
		assertThat(this.loop.client.sentAtMillis).startsWith(0L, 100L);
		assertThat(container.cursor()).isEqualTo("1");
		assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
	}

	/**
	 * Defect 4: a client that completes without a response used to end the loop without a
	 * word; every cycle now ends in a result, here a failure and a retry.
	 */
	@Test
	void aClientThatCompletesWithoutAResponseIsAFailureAndTheLoopGoesOn() {
		this.loop.client.then((request) -> Mono.empty()).then(200, events(1, 1));
		LongPollContainer container = this.loop.container(this.loop.endpoint());
		container.start();
		this.time.advanceTimeBy(Duration.ofSeconds(5));
		assertThat(this.loop.client.sentAtMillis).startsWith(0L, 100L);
		assertThat(this.loop.observer.failures).singleElement()
			.satisfies((failure) -> assertThat(failure).hasMessageContaining("ended without a result"));
		assertThat(this.loop.handled).containsExactly(events(1, 1));
		assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
	}

	/**
	 * Defect 4: a handler whose Mono completes empty has handled the events; a stop
	 * afterwards does not wait for the shutdown timeout.
	 */
	@Test
	void handlerThatCompletesEmptyCommitsAndAStopIsImmediate() {
		this.loop.client.then(200, events(4, 4));
		LongPollContainer container = this.loop
			.container(this.loop.endpoint().handler((response, cursor) -> Mono.empty()));
		container.start();
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(container.cursor()).isEqualTo("4");
		assertThat(this.loop.client.requestCount()).isEqualTo(2);
		Mono<Void> stopped = container.stop();
		assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
		assertThat(stopped.toFuture()).isDone();
	}

	/**
	 * Defect 3: cancel() on a running listener stops it at once, instead of leaving a
	 * loop that says RUNNING and never polls again; it can be started again.
	 */
	@Test
	void cancelOnARunningListenerStopsItAndItCanBeStartedAgain() {
		LongPollContainer container = this.loop.container(this.loop.endpoint());
		container.start();
		assertThat(this.loop.client.inFlight).hasValue(1);
		container.cancel();
		assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
		assertThat(this.loop.client.inFlight).hasValue(0);
		assertThat(this.loop.observer.outcomes).containsExactly(PollOutcome.CANCELLED);
		container.start();
		assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
		assertThat(this.loop.client.inFlight).hasValue(1);
	}

	@Test
	void handlerFailureKeepsTheCursorAndTheErrorPolicySkipsAfterItsRetries() {
		AtomicInteger calls = new AtomicInteger();
		this.loop.client.then(200, events(2, 2)).then(200, events(2, 2)).then(204, "");
		LongPollContainer container = this.loop.container(this.loop.endpoint()
			.errorPolicy(new ErrorPolicy(ErrorPolicy.Action.SKIP, 1))
			.handler((response, cursor) -> Mono.fromRunnable(() -> {
				calls.incrementAndGet();
				throw new IllegalArgumentException("poison");
			})));
		container.start();
		this.time.advanceTimeBy(Duration.ofSeconds(5));
		assertThat(calls).hasValue(2);
		assertThat(this.loop.observer.skipped).containsExactly(1);
		assertThat(this.loop.observer.outcomes).startsWith(PollOutcome.ERROR, PollOutcome.SKIPPED);
		assertThat(this.loop.client.query(1)).isEmpty();
		assertThat(this.loop.client.query(2)).isEqualTo("after=2");
	}

	@Test
	void stopPolicyHaltsWithItsReason() {
		this.loop.client.then(200, events(2, 2));
		LongPollContainer container = this.loop.container(this.loop.endpoint()
			.errorPolicy(new ErrorPolicy(ErrorPolicy.Action.STOP, 0))
			.handler((response, cursor) -> Mono.error(new IllegalArgumentException("poison"))));
		container.start();
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(container.state()).isEqualTo(ListenerState.FAILED);
		assertThat(container.stopReason()).isEqualTo(StopReason.ERROR_POLICY);
		assertThat(this.loop.observer.stops).containsExactly(StopReason.ERROR_POLICY);
	}

	@Test
	void fatalStatusStopsTheListenerAndRemembersWhy() {
		this.loop.client.then(401, "{\"error\":\"bad token\"}");
		LongPollContainer container = this.loop.container(this.loop.endpoint());
		container.start();
		assertThat(container.state()).isEqualTo(ListenerState.FAILED);
		assertThat(container.stopReason()).isEqualTo(StopReason.FATAL_STATUS);
		assertThat(container.lastError()).isInstanceOf(LongPollStatusException.class).hasMessageContaining("401");
		assertThat(this.loop.client.requestCount()).isEqualTo(1);
	}

	@Test
	void pauseWhileHeldCancelsThePollAndResumeContinuesFromTheSameCursor() {
		this.loop.client.then(200, events(3, 3));
		LongPollContainer container = this.loop.container(this.loop.endpoint());
		container.start();
		assertThat(this.loop.client.inFlight).hasValue(1);
		container.pause();
		assertThat(this.loop.client.inFlight).hasValue(0);
		assertThat(container.state()).isEqualTo(ListenerState.PAUSED);
		container.resume();
		assertThat(this.loop.client.query(2)).isEqualTo("after=3");
		assertThat(this.loop.observer.states).containsExactly("CREATED>RUNNING", "RUNNING>PAUSED", "PAUSED>RUNNING");
	}

	@Test
	void stopWaitsForTheHandlerInProgressThenCommits() {
		reactor.core.publisher.Sinks.Empty<Void> release = reactor.core.publisher.Sinks.empty();
		this.loop.client.then(200, events(8, 8));
		LongPollContainer container = this.loop
			.container(this.loop.endpoint().handler((response, cursor) -> release.asMono()));
		container.start();
		Mono<Void> stopped = container.stop();
		assertThat(container.state()).isEqualTo(ListenerState.STOPPING);
		release.tryEmitEmpty();
		assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
		assertThat(container.cursor()).isEqualTo("8");
		assertThat(stopped.toFuture()).isDone();
	}

	@Test
	void stopCancelsAHandlerStillRunningAfterTheShutdownTimeout() {
		this.loop.client.then(200, events(8, 8));
		RecordingObserver observer = this.loop.observer;
		LongPollContainer container = this.loop.container(this.loop.endpoint()
			.handler((response, cursor) -> Mono.never()));
		container.start();
		Mono<Void> stopped = container.stop();
		java.util.concurrent.CompletableFuture<Void> done = stopped.toFuture();
		this.time.advanceTimeBy(Duration.ofSeconds(4));
		assertThat(done).isNotDone();
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(done).isDone();
		assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
		assertThat(container.cursor()).isNull();
		assertThat(observer.outcomes).containsExactly(PollOutcome.CANCELLED);
	}

	@Test
	void prefetchSendsTheNextPollWhileTheHandlerWorksAndDeliversInOrder() {
		java.util.List<reactor.core.publisher.Sinks.Empty<Void>> releases = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.loop.client.then(200, events(1, 1)).then(200, events(2, 2));
		LongPollContainer container = this.loop.container(this.loop.endpoint().prefetch(1).handler((response, cursor) -> {
			reactor.core.publisher.Sinks.Empty<Void> release = reactor.core.publisher.Sinks.empty();
			releases.add(release);
			this.loop.handled.add(response.bodyAsString());
			return release.asMono();
		}));
		container.start();
		// the first handler works; the second poll is already out, with the cursor of the first response
		assertThat(this.loop.handled).containsExactly(events(1, 1));
		assertThat(this.loop.client.requestCount()).isEqualTo(2);
		assertThat(this.loop.client.query(1)).isEqualTo("after=1");
		assertThat(container.cursor()).isNull();
		releases.get(0).tryEmitEmpty();
		// only now is the second response delivered, and the third poll sent ahead of it
		assertThat(this.loop.handled).containsExactly(events(1, 1), events(2, 2));
		assertThat(container.cursor()).isEqualTo("1");
		assertThat(this.loop.client.query(2)).isEqualTo("after=2");
		releases.get(1).tryEmitEmpty();
		assertThat(container.cursor()).isEqualTo("2");
		assertThat(this.loop.client.requestCount()).isEqualTo(3);
	}

	@Test
	void aHandlerFailureDropsThePollSentAheadAndPollsAgainFromTheCommittedCursor() {
		this.loop.client.then(200, events(1, 1)).then((request) -> reactor.core.publisher.Mono.never());
		AtomicInteger calls = new AtomicInteger();
		LongPollContainer container = this.loop.container(this.loop.endpoint()
			.prefetch(1)
			.initialCursor("0")
			.handler((response, cursor) -> (calls.incrementAndGet() == 1)
					? reactor.core.publisher.Mono.error(new IllegalStateException("first call fails"))
					: reactor.core.publisher.Mono.empty()));
		container.start();
		assertThat(this.loop.client.query(1)).isEqualTo("after=1"); // sent ahead
		this.time.advanceTimeBy(Duration.ofMillis(100)); // the backoff after the failure
		assertThat(this.loop.client.query(2)).as("again from the committed cursor").isEqualTo("after=0");
		assertThat(this.loop.client.inFlight).as("the poll sent ahead was cancelled").hasValue(1);
	}

}
