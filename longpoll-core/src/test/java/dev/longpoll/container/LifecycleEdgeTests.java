package dev.longpoll.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.client.LongPollClientClosedException;
import dev.longpoll.client.LongPollRequestCustomizer;
import dev.longpoll.client.PollRequest;
import dev.longpoll.client.WebClientLongPollClient;
import dev.longpoll.cursor.CursorPosition;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.CursorStrategy;
import dev.longpoll.cursor.DeclarativeCursorStrategy;
import dev.longpoll.endpoint.DefaultLongPollEndpointFactory;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.ErrorPolicy;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The edges of a listener's life against a real HTTP server: a client destroyed under a
 * running listener, listeners started while the registry does not run, a restart while
 * a handler call is still inside user code, seeks racing a stop or each other, a cycle's
 * late callbacks, a poll sent ahead as the cycle is cancelled, and a full handler queue.
 * Each test failed before the change it names.
 */
class LifecycleEdgeTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final String testId = java.util.UUID.randomUUID().toString();

	private final RecordingObserver observer = new RecordingObserver();

	private final WebClientLongPollClient client = new WebClientLongPollClient(
			ConnectionProvider.builder("edge").maxConnections(20).build(), WebClient.builder());

	private final Scheduler scheduler = Schedulers.newBoundedElastic(4, 100, "edge-handler");

	private final List<LongPollContainer> containers = new ArrayList<>();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final LongPollRequestCustomizer tag = (request) -> request.header("X-Test", this.testId);

	@BeforeEach
	void resetServer() {
		server.resetAll();
	}

	@AfterEach
	void close() throws Exception {
		this.containers.forEach(LongPollContainer::cancel);
		this.client.destroy();
		this.scheduler.dispose();
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	/**
	 * Defect 1: a destroyed client kept being used: the loop retried on dead event loops
	 * for ever. Now its listener stops at once, for a reason that says so.
	 */
	@Test
	void aListenerWhoseClientWasDestroyedStopsWithClientClosed() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(20)));
		// a poll in flight as the client closes usually fails at once; at worst its client timeout ends it
		LongPollContainer container = start(endpoint().timeout(Duration.ofSeconds(2)), this.client, this.scheduler,
				List.of(this.tag));
		await().atMost(Duration.ofSeconds(5)).until(() -> requests() >= 2);
		this.client.destroy();
		await().atMost(Duration.ofSeconds(15)).until(() -> container.state() == ListenerState.FAILED);
		assertThat(container.stopReason()).isEqualTo(StopReason.CLIENT_CLOSED);
		assertThat(container.lastError()).isInstanceOf(LongPollClientClosedException.class)
			.hasMessageContaining("client was closed");
		assertThat(this.observer.stops).containsExactly(StopReason.CLIENT_CLOSED);
		int after = requests();
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> requests() == after);
	}

	@Test
	void aDestroyedClientRefusesAPollAtOnce() {
		this.client.destroy();
		PollRequest request = PollRequest
			.builder("late", PollRequest.Url.parse(server.baseUrl() + "/feed"), Duration.ofSeconds(5), 1024,
					new dev.longpoll.client.ClientOptions(Duration.ofSeconds(1), null, false))
			.build();
		assertThatExceptionOfType(LongPollClientClosedException.class)
			.isThrownBy(() -> this.client.exchange(request).block(Duration.ofSeconds(1)))
			.withMessageContaining("Listener 'late'");
	}

	/**
	 * Defect 2: Spring stops a lifecycle bean only when it says it runs, so a listener
	 * started by id while the registry did not run outlived its context.
	 */
	@Test
	void aListenerStartedWhileTheRegistryDoesNotRunStopsWhenItsContextCloses() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(20)));
		GenericApplicationContext context = new GenericApplicationContext();
		context.registerBean(LongPollListenerRegistry.class, () -> {
			LongPollListenerRegistry registry = new LongPollListenerRegistry(
					(endpoint) -> new DefaultLongPollContainer(endpoint, this.client, this.scheduler, this.observer,
							List.of(this.tag), Duration.ofSeconds(5)),
					new DefaultLongPollEndpointFactory(List.of(), null, null));
			registry.setAutoStartup(false);
			return registry;
		});
		context.refresh();
		LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
		LongPollContainer container = registry.register(endpoint().build());
		this.containers.add(container);
		registry.start("test");
		await().atMost(Duration.ofSeconds(5)).until(() -> requests() >= 1);
		context.close();
		assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
	}

	/**
	 * Defect 11: the shutdown line counted every registered listener, not those stopped.
	 */
	@Test
	void aShutdownCountsTheListenersItStopped() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(20)));
		List<Integer> counted = new CopyOnWriteArrayList<>();
		LongPollObserver counting = new LongPollObserver() {
			@Override
			public void onShutdownStarted(int listeners) {
				counted.add(listeners);
			}
		};
		LongPollListenerRegistry registry = new LongPollListenerRegistry(
				(endpoint) -> track(new DefaultLongPollContainer(endpoint, this.client, this.scheduler, this.observer,
						List.of(this.tag), Duration.ofSeconds(5))),
				new DefaultLongPollEndpointFactory(List.of(), null, null), counting);
		registry.register(endpoint().build());
		registry.register(endpoint("standby-1").autoStartup(false).build());
		registry.register(endpoint("standby-2").autoStartup(false).build());
		registry.start();
		CountDownLatch stopped = new CountDownLatch(1);
		registry.stop(stopped::countDown);
		await().atMost(Duration.ofSeconds(5)).until(() -> stopped.getCount() == 0);
		assertThat(counted).containsExactly(1);
	}

	/**
	 * Defect 3: a cancel interrupted the handler but did not wait for it, so a start right
	 * after ran the handler again while the first call was still inside user code.
	 */
	@Test
	void aRestartRightAfterACancelWaitsForTheHandlerCallStillRunning() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(okJson("{\"last\":1,\"events\":[1]}")));
		AtomicInteger inHandler = new AtomicInteger();
		AtomicInteger mostInHandler = new AtomicInteger();
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		// a thread per task, as virtual threads are: nothing lines the calls up by accident
		ExecutorService threads = Executors.newCachedThreadPool();
		Scheduler threadPerTask = Schedulers.fromExecutorService(threads);
		this.closeables.add(threads::shutdownNow);
		LongPollContainer container = start(endpoint().handler((response, cursor) -> Mono.fromRunnable(() -> {
			mostInHandler.accumulateAndGet(inHandler.incrementAndGet(), Math::max);
			calls.incrementAndGet();
			try {
				awaitIgnoringInterrupts(release); // a handler that ignores interrupts
			}
			finally {
				inHandler.decrementAndGet();
			}
		})), this.client, threadPerTask, List.of(this.tag));
		await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
		container.cancel();
		container.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> requests() >= 2); // the restarted loop got the events
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> calls.get() == 1);
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() >= 2);
		assertThat(mostInHandler).hasValue(1);
	}

	/**
	 * Defect 4: two quick seeks could be written in either order: the first one's write,
	 * slower, landed last in the store while memory held the second.
	 */
	@Test
	void theLastOfTwoQuickSeeksWinsInMemoryAndInTheStore() {
		SlowStore store = new SlowStore(Map.of("a", Duration.ofMillis(300)));
		LongPollContainer container = startHeldListener(store);
		container.seek("a");
		container.seek("b");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> "b".equals(container.cursor()) && "b".equals(store.stored()));
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
			.until(() -> "b".equals(container.cursor()) && "b".equals(store.stored()));
		assertThat(store.saves).containsExactly("a", "b");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !server.findAll(getRequestedFor(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("b")))
				.isEmpty());
	}

	/**
	 * Defect 4: a pause while a seek was being saved cancelled the change in memory while
	 * the store write landed: memory and store disagreed.
	 */
	@Test
	void aPauseWhileASeekIsSavedLeavesMemoryAndStoreAgreeing() {
		SlowStore store = new SlowStore(Map.of("a", Duration.ofMillis(300)));
		LongPollContainer container = startHeldListener(store);
		container.seek("a");
		await().atMost(Duration.ofSeconds(2)).until(() -> store.saving.get());
		container.pause();
		await().atMost(Duration.ofSeconds(5)).until(() -> "a".equals(store.stored()));
		await().atMost(Duration.ofSeconds(2)).until(() -> "a".equals(container.cursor()));
		container.resume();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !server.findAll(getRequestedFor(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("a")))
				.isEmpty());
		assertThat(store.saves).containsExactly("a");
	}

	/**
	 * Defect 5: a cancelled cycle's late callbacks ended the next cycle's timer and
	 * counted a failure against it.
	 */
	@Test
	void aCancelledCyclesLateFailureLeavesTheNextCycleAlone() {
		oneEventThenHold(Duration.ofMillis(4000));
		CountDownLatch blocked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean first = new AtomicBoolean(true);
		CursorStrategy slowThenBroken = new CursorStrategy() {

			@Override
			public void apply(@Nullable String cursor, PollRequest.Builder request) {
			}

			@Override
			public @Nullable String next(@Nullable String current, dev.longpoll.client.LongPollResponse response) {
				if (first.getAndSet(false)) {
					blocked.countDown();
					awaitIgnoringInterrupts(release);
					throw new IllegalStateException("unreadable cursor");
				}
				return current;
			}

		};
		LongPollContainer container = start(endpoint().cursorStrategy(slowThenBroken), this.client, this.scheduler,
				List.of(this.tag));
		await().atMost(Duration.ofSeconds(5)).until(() -> blocked.getCount() == 0);
		container.cancel();
		container.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> requests() >= 2);
		release.countDown();
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.until(() -> container.pollInFlight() && container.consecutiveFailures() == 0);
		assertThat(this.observer.failures).isEmpty();
		assertThat(this.observer.outcomes).containsExactly(PollOutcome.CANCELLED);
	}

	/**
	 * Defect 6: a cancel that landed between the start of handling and the poll sent ahead
	 * left that poll's exchange open, holding a connection to the server.
	 */
	@Test
	void aPollSentAheadAsItsCycleIsCancelledIsNotLeftOpen() {
		HoldingFeed feed = new HoldingFeed("{\"last\":1,\"events\":[1]}");
		this.closeables.add(feed);
		CountDownLatch sendingAhead = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger created = new AtomicInteger();
		LongPollRequestCustomizer slowSecondRequest = (request) -> {
			if (created.incrementAndGet() == 2) { // the poll sent ahead
				sendingAhead.countDown();
				awaitIgnoringInterrupts(release);
			}
		};
		CountDownLatch handlerEntered = new CountDownLatch(1);
		LongPollContainer container = start(endpoint().url(feed.url()).prefetch(1).handler((response, cursor) -> Mono
			.fromRunnable(handlerEntered::countDown)), this.client, this.scheduler, List.of(slowSecondRequest));
		await().atMost(Duration.ofSeconds(5)).until(() -> sendingAhead.getCount() == 0);
		container.cancel();
		release.countDown();
		// dropped as soon as it was sent: it never reaches the server, or is cancelled there at once
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> feed.holding.get() == 0);
		assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
	}

	/**
	 * Defect 7: a full handler queue counted as a handler failure, so 'skip' dropped events
	 * the handler never saw. Now it is back-pressure: the call waits for room.
	 */
	@Test
	void aFullHandlerQueueMakesTheCallWaitInsteadOfFailingIt() {
		oneEventThenHold(Duration.ofMillis(2000));
		// one thread and room for one waiting task, both taken
		ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
		this.closeables.add(pool::shutdownNow);
		Scheduler tiny = Schedulers.fromExecutorService(pool);
		CountDownLatch release = new CountDownLatch(1);
		pool.execute(() -> awaitIgnoringInterrupts(release));
		pool.execute(() -> awaitIgnoringInterrupts(release));
		List<String> handled = new CopyOnWriteArrayList<>();
		start(endpoint().errorPolicy(new ErrorPolicy(ErrorPolicy.Action.SKIP, 0))
			.handler((response, cursor) -> Mono.fromRunnable(() -> handled.add(response.bodyAsString()))), this.client,
				tiny, List.of(this.tag));
		await().atMost(Duration.ofSeconds(5)).until(() -> requests() >= 1);
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(handled::isEmpty);
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 1);
		assertThat(this.observer.skipped).isEmpty();
		assertThat(this.observer.handlerResults).containsExactly("success:1");
	}

	private void oneEventThenHold(Duration hold) {
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("once")
			.whenScenarioStateIs(STARTED)
			.willReturn(okJson("{\"last\":1,\"events\":[1]}"))
			.willSetStateTo("holding"));
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("once")
			.whenScenarioStateIs("holding")
			.willReturn(aResponse().withStatus(204).withFixedDelay((int) hold.toMillis())));
	}

	/**
	 * A listener on a slowly saving store whose every poll the server holds, once its
	 * first poll arrived.
	 */
	private LongPollContainer startHeldListener(SlowStore store) {
		holdEveryPoll();
		LongPollContainer container = start(endpoint().cursorStore(store), this.client, this.scheduler,
				List.of(this.tag));
		await().atMost(Duration.ofSeconds(5)).until(() -> requests() >= 1);
		return container;
	}

	private void holdEveryPoll() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(3000)));
	}

	private LongPollEndpoint.Builder endpoint() {
		return endpoint("test");
	}

	private LongPollEndpoint.Builder endpoint(String id) {
		return LongPollEndpoint.builder(id)
			.url(server.baseUrl() + "/feed")
			.timeout(Duration.ofSeconds(10))
			.minEmptyPollInterval(Duration.ZERO)
			.backOff(new FixedBackOff(50))
			.cursorStrategy(new DeclarativeCursorStrategy(new DeclarativeCursorStrategy.Source(null, "/last", "", null),
					new DeclarativeCursorStrategy.Target("after", null), JsonMapper.shared()))
			.handler((response, cursor) -> Mono.empty());
	}

	private LongPollContainer start(LongPollEndpoint.Builder endpoint, WebClientLongPollClient client,
			Scheduler scheduler, List<LongPollRequestCustomizer> customizers) {
		LongPollContainer container = track(new DefaultLongPollContainer(endpoint.build(), client, scheduler,
				this.observer, customizers, Duration.ofSeconds(5)));
		container.start();
		return container;
	}

	private <C extends LongPollContainer> C track(C container) {
		this.containers.add(container);
		return container;
	}

	private int requests() {
		return server.findAll(getRequestedFor(urlPathEqualTo("/feed")).withHeader("X-Test", equalTo(this.testId)))
			.size();
	}

	static void awaitIgnoringInterrupts(CountDownLatch latch) {
		while (true) {
			try {
				if (latch.await(10, TimeUnit.SECONDS)) {
					return;
				}
			}
			catch (InterruptedException ex) {
				// this handler ignores interrupts, as some user code does
			}
		}
	}

	/**
	 * A blocking store whose save of some cursors is slow, and does not give way to an
	 * interrupt.
	 */
	static final class SlowStore implements CursorStore {

		final List<String> saves = new CopyOnWriteArrayList<>();

		final AtomicBoolean saving = new AtomicBoolean();

		private final Map<String, CursorPosition> positions = new ConcurrentHashMap<>();

		private final Map<String, Duration> delays;

		SlowStore(Map<String, Duration> delays) {
			this.delays = delays;
		}

		@Nullable String stored() {
			CursorPosition position = this.positions.get("test");
			return (position != null) ? position.cursor() : null;
		}

		@Override
		public @Nullable CursorPosition load(String listenerId) {
			return this.positions.get(listenerId);
		}

		@Override
		public void save(String listenerId, CursorPosition position) {
			this.saving.set(true);
			Duration delay = this.delays.getOrDefault(String.valueOf(position.cursor()), Duration.ZERO);
			long until = System.nanoTime() + delay.toNanos();
			while (System.nanoTime() < until) {
				LockSupport.parkNanos(until - System.nanoTime()); // an interrupt does not end it
			}
			this.positions.put(listenerId, position);
			this.saves.add(String.valueOf(position.cursor()));
		}

		@Override
		public void remove(String listenerId) {
			this.positions.remove(listenerId);
		}

		@Override
		public boolean isBlocking() {
			return true;
		}

	}

	/**
	 * A Reactor Netty feed that answers the first poll with a body, then holds every poll
	 * for 30 s, counting the polls it holds (a poll whose connection the client closes is
	 * no longer held).
	 */
	static final class HoldingFeed implements AutoCloseable {

		final AtomicInteger holding = new AtomicInteger();

		final AtomicInteger requests = new AtomicInteger();

		private final DisposableServer server;

		HoldingFeed(String firstBody) {
			this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
				if (this.requests.incrementAndGet() == 1) {
					return response.header("Content-Type", "application/json").sendString(Mono.just(firstBody));
				}
				this.holding.incrementAndGet();
				return Mono.delay(Duration.ofSeconds(30))
					.then(response.status(204).send())
					.doFinally((signal) -> this.holding.decrementAndGet());
			}).bindNow();
		}

		String url() {
			return "http://127.0.0.1:" + this.server.port() + "/feed";
		}

		@Override
		public void close() {
			this.server.disposeNow();
		}

	}

}
