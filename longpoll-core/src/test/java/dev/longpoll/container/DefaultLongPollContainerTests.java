package dev.longpoll.container;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.backoff.FixedBackOff;

import dev.longpoll.client.LongPollBodyTooLargeException;
import dev.longpoll.client.LongPollStatusException;
import dev.longpoll.client.LongPollTimeoutException;
import dev.longpoll.cursor.DeclarativeCursorStrategy;
import dev.longpoll.cursor.HeaderEcho;
import dev.longpoll.endpoint.HoldHint;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.LongPollDecodingException;
import dev.longpoll.handler.PayloadSelector;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loop against a real HTTP server (WireMock): the status table, cursor, backoff,
 * timeouts and lifecycle.
 */
class DefaultLongPollContainerTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final LoopFixture loops = new LoopFixture();

	private final JsonMapper mapper = JsonMapper.shared();

	// WireMock logs a held request when it answers, which may be after the next test began:
	// each test counts only its own requests
	private final String testId = java.util.UUID.randomUUID().toString();

	@BeforeEach
	void tagRequests() {
		this.loops.requestCustomizer((request) -> request.header("X-Test", this.testId));
	}

	@AfterEach
	void close() {
		this.loops.close();
	}

	private String url() {
		return server.baseUrl() + "/feed";
	}

	private int requests() {
		return server.findAll(getRequestedFor(urlPathEqualTo("/feed")).withHeader("X-Test", equalTo(this.testId)))
			.size();
	}

	private void stubSequence(String scenario, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... responses) {
		String state = STARTED;
		for (int i = 0; i < responses.length; i++) {
			String next = (i == responses.length - 1) ? state : "step-" + (i + 1);
			server.stubFor(get(urlPathEqualTo("/feed")).inScenario(scenario)
				.whenScenarioStateIs(state)
				.willReturn(responses[i])
				.willSetStateTo(next));
			state = next;
		}
	}

	@Test
	void heldResponseIsDeliveredAndFollowedByAnImmediateRepoll() {
		stubSequence("held", okJson("[{\"id\":1}]").withFixedDelay(300),
				aResponse().withStatus(204).withFixedDelay(2000));
		LongPollContainer container = this.loops.start(this.loops.endpoint(url()));
		await().atMost(Duration.ofSeconds(5)).until(() -> requests() >= 2);
		assertThat(this.loops.bodies).containsExactly("[{\"id\":1}]");
		assertThat(this.observerOutcomes()).startsWith(PollOutcome.EVENTS);
		assertThat(this.loops.observer.delays).isEmpty();
		assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
	}

	private List<PollOutcome> observerOutcomes() {
		return this.loops.observer.outcomes;
	}

	@ParameterizedTest
	@ValueSource(strings = { "204", "304", "[]", "{}", "" })
	void emptyResponsesArePolledAgainWithoutDelay(String kind) {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(switch (kind) {
			case "204", "304" -> aResponse().withStatus(Integer.parseInt(kind)).withFixedDelay(20);
			default -> okJson(kind).withFixedDelay(20);
		}));
		this.loops.start(this.loops.endpoint(url()));
		await().atMost(Duration.ofSeconds(3)).until(() -> requests() >= 10);
		assertThat(this.loops.bodies).isEmpty();
		assertThat(this.loops.observer.outcomes).contains(PollOutcome.EMPTY).doesNotContain(PollOutcome.ERROR);
		assertThat(this.loops.observer.delays).isEmpty();
	}

	@Test
	void payloadPointerSelectingAnEmptyArrayIsEmpty() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(okJson("{\"last_event_id\":3,\"events\":[]}")));
		this.loops.start(this.loops.endpoint(url()).payload(new PayloadSelector("/events", this.mapper)));
		await().atMost(Duration.ofSeconds(3)).until(() -> requests() >= 5);
		assertThat(this.loops.bodies).isEmpty();
	}

	@Test
	void cursorFromBodyPointerIsSentAsQueryParameter() {
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("last_event_id", absent())
			.willReturn(okJson("{\"last_event_id\":42,\"events\":[{\"id\":42}]}")));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("last_event_id", equalTo("42"))
			.willReturn(aResponse().withStatus(204).withFixedDelay(500)));
		LongPollContainer container = this.loops.start(this.loops.endpoint(url() + "?topic=orders")
			.cursorStrategy(new DeclarativeCursorStrategy(
					new DeclarativeCursorStrategy.Source(null, "/last_event_id", "/events", null),
					new DeclarativeCursorStrategy.Target("last_event_id", null), this.mapper)));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> server.verify(getRequestedFor(urlPathEqualTo("/feed"))
				.withQueryParam("last_event_id", equalTo("42"))
				.withQueryParam("topic", equalTo("orders"))));
		assertThat(container.cursor()).isEqualTo("42");
		assertThat(this.loops.cursors).containsExactly("42");
	}

	@Test
	void cursorFromLastArrayElementIsSentAsQueryParameter() {
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("since", equalTo("0"))
			.willReturn(okJson("[{\"id\":\"a\"},{\"id\":\"b\"}]")));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("since", equalTo("b"))
			.willReturn(aResponse().withStatus(204).withFixedDelay(500)));
		this.loops.start(this.loops.endpoint(url())
			.initialCursor("0")
			.cursorStrategy(new DeclarativeCursorStrategy(new DeclarativeCursorStrategy.Source(null, null, "", "/id"),
					new DeclarativeCursorStrategy.Target("since", null), this.mapper)));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> server
				.verify(getRequestedFor(urlPathEqualTo("/feed")).withQueryParam("since", equalTo("b"))));
	}

	@Test
	void cursorFromResponseHeaderIsSentAsRequestHeader() {
		server.stubFor(get(urlPathEqualTo("/feed")).withHeader("X-Index", absent())
			.willReturn(okJson("[{\"k\":1}]").withHeader("X-Consul-Index", "7")));
		server.stubFor(get(urlPathEqualTo("/feed")).withHeader("X-Index", equalTo("7"))
			.willReturn(aResponse().withStatus(204).withHeader("X-Consul-Index", "7").withFixedDelay(500)));
		this.loops.start(this.loops.endpoint(url())
			.cursorStrategy(new DeclarativeCursorStrategy(
					new DeclarativeCursorStrategy.Source("X-Consul-Index", null, "", null),
					new DeclarativeCursorStrategy.Target(null, "X-Index"), this.mapper)));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> server
				.verify(getRequestedFor(urlPathEqualTo("/feed")).withHeader("X-Index", equalTo("7"))));
	}

	@Test
	void etagIsEchoedAsIfNoneMatch() {
		server.stubFor(get(urlPathEqualTo("/feed")).withHeader("If-None-Match", absent())
			.willReturn(okJson("{\"config\":1}").withHeader("ETag", "\"v1\"")));
		server.stubFor(get(urlPathEqualTo("/feed")).withHeader("If-None-Match", equalTo("\"v1\""))
			.willReturn(aResponse().withStatus(304).withFixedDelay(200)));
		this.loops.start(this.loops.endpoint(url()).headerEcho(new HeaderEcho(java.util.Map.of("ETag", "If-None-Match"))));
		await().atMost(Duration.ofSeconds(5)).until(() -> requests() >= 3);
		assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/feed")).withHeader("If-None-Match", absent())
			.withHeader("X-Test", equalTo(this.testId))))
			.hasSize(1);
		assertThat(this.loops.bodies).containsExactly("{\"config\":1}");
	}

	@Test
	void throttledWithRetryAfterSecondsWaitsAtLeastThatLong() {
		stubSequence("429", aResponse().withStatus(429).withHeader("Retry-After", "1"), okJson("[1]"),
				aResponse().withStatus(204).withFixedDelay(1000));
		this.loops.start(this.loops.endpoint(url()));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.loops.bodies.size() == 1);
		assertThat(this.loops.observer.outcomes).startsWith(PollOutcome.THROTTLED, PollOutcome.EVENTS);
		assertThat(this.loops.observer.delays.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(gapBetweenFirstRequests()).isGreaterThanOrEqualTo(950);
	}

	@Test
	void throttledWithRetryAfterDateWaitsUntilThatDate() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
		stubSequence("503", aResponse().withStatus(503).withHeader("Retry-After", date), okJson("[1]"),
				aResponse().withStatus(204).withFixedDelay(1000));
		this.loops.start(this.loops.endpoint(url()));
		await().atMost(Duration.ofSeconds(6)).until(() -> this.loops.bodies.size() == 1);
		// An HTTP date has whole seconds: at least one second remains of the two
		assertThat(this.loops.observer.delays.get(0)).isGreaterThan(Duration.ofMillis(900));
		assertThat(gapBetweenFirstRequests()).isGreaterThanOrEqualTo(900);
	}

	@Test
	void unparsableRetryAfterFallsBackToTheBackoff() {
		stubSequence("bad-retry-after", aResponse().withStatus(503).withHeader("Retry-After", "soon"), okJson("[1]"),
				aResponse().withStatus(204).withFixedDelay(1000));
		this.loops.start(this.loops.endpoint(url()));
		await().atMost(Duration.ofSeconds(3)).until(() -> this.loops.bodies.size() == 1);
		assertThat(this.loops.observer.delays).containsExactly(Duration.ofMillis(50));
	}

	@Test
	void retryAfterIsCappedByMaxRetryAfter() {
		stubSequence("capped", aResponse().withStatus(429).withHeader("Retry-After", "3600"), okJson("[1]"),
				aResponse().withStatus(204).withFixedDelay(1000));
		this.loops.start(this.loops.endpoint(url()).maxRetryAfter(Duration.ofMillis(300)));
		await().atMost(Duration.ofSeconds(3)).until(() -> this.loops.bodies.size() == 1);
		assertThat(this.loops.observer.delays).containsExactly(Duration.ofMillis(300));
	}

	private List<ServeEvent> ownServeEvents() {
		return server.getAllServeEvents()
			.stream()
			.filter((event) -> this.testId.equals(event.getRequest().getHeader("X-Test")))
			.toList();
	}

	private long gapBetweenFirstRequests() {
		List<ServeEvent> events = ownServeEvents();
		return events.get(events.size() - 2).getRequest().getLoggedDate().getTime()
				- events.get(events.size() - 1).getRequest().getLoggedDate().getTime();
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503 })
	void serverErrorsBackOffWithGrowingDelaysAndRecover(int status) {
		stubSequence("5xx", aResponse().withStatus(status), aResponse().withStatus(status),
				aResponse().withStatus(status), okJson("[{\"id\":1}]"), aResponse().withStatus(204).withFixedDelay(1000));
		this.loops.start(this.loops.endpoint(url()));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.loops.bodies.size() == 1);
		assertThat(this.loops.observer.delays).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100),
				Duration.ofMillis(200));
		// reported once the handler has returned and the cursor is committed, just after the body arrived
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.loops.observer.recoveries).containsExactly(3));
		assertThat(this.loops.observer.failures).allSatisfy(
				(failure) -> assertThat(failure).isInstanceOf(LongPollStatusException.class));
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class, names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE",
			"MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE" })
	void transportFaultsBackOffAndRecover(Fault fault) {
		stubSequence("fault", aResponse().withFault(fault), aResponse().withFault(fault), okJson("[{\"id\":1}]"),
				aResponse().withStatus(204).withFixedDelay(1000));
		this.loops.start(this.loops.endpoint(url()));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.loops.bodies.size() == 1);
		assertThat(this.loops.observer.delays).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
		// reported once the handler has returned and the cursor is committed, just after the body arrived
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.loops.observer.recoveries).containsExactly(2));
	}

	@Test
	void backoffResetsAfterTheFirstSuccess() {
		stubSequence("reset", aResponse().withStatus(500), aResponse().withStatus(500), okJson("[1]"),
				aResponse().withStatus(500), okJson("[2]"), aResponse().withStatus(204).withFixedDelay(1000));
		this.loops.start(this.loops.endpoint(url()));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.loops.bodies.size() == 2);
		assertThat(this.loops.observer.delays).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100),
				Duration.ofMillis(50));
	}

	@Test
	void connectionRefusedBacksOff() {
		LongPollContainer container = this.loops.start(this.loops.endpoint("http://127.0.0.1:1/feed"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.loops.observer.failures.size() >= 3);
		assertThat(this.loops.observer.delays).startsWith(Duration.ofMillis(50), Duration.ofMillis(100));
		assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 405 })
	void fatalStatusesStopTheListener(int status) {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(status).withBody("nope")));
		LongPollContainer container = this.loops.start(this.loops.endpoint(url()));
		await().atMost(Duration.ofSeconds(3)).until(() -> container.state() == ListenerState.FAILED);
		assertThat(requests()).isEqualTo(1);
		assertThat(container.stopReason()).isEqualTo(StopReason.FATAL_STATUS);
		assertThat(container.lastError()).hasMessageContaining("HTTP " + status).hasMessageContaining("nope");
		assertThat(this.loops.observer.stops).containsExactly(StopReason.FATAL_STATUS);
		assertThat(this.loops.observer.outcomes).containsExactly(PollOutcome.FATAL);
	}

	@Test
	void fatalStatusesAreConfigurable() {
		stubSequence("not-fatal", aResponse().withStatus(404), okJson("[1]"),
				aResponse().withStatus(204).withFixedDelay(1000));
		this.loops.start(this.loops.endpoint(url()).fatalStatuses(Set.of(401)));
		await().atMost(Duration.ofSeconds(3)).until(() -> this.loops.bodies.size() == 1);
	}

	@Test
	void maxAttemptsStopsTheListener() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(500)));
		LongPollContainer container = this.loops.start(this.loops.endpoint(url()).backOff(new FixedBackOff(10, 2)));
		await().atMost(Duration.ofSeconds(3)).until(() -> container.state() == ListenerState.FAILED);
		assertThat(container.stopReason()).isEqualTo(StopReason.MAX_ATTEMPTS);
		assertThat(requests()).isEqualTo(3);
	}

	@Test
	void noResponseWithinTheClientTimeoutIsATimeoutThatBacksOff() {
		stubSequence("slow", aResponse().withStatus(200).withBody("[1]").withFixedDelay(3000), okJson("[2]"),
				aResponse().withStatus(204).withFixedDelay(2000));
		this.loops.start(this.loops.endpoint(url()).timeout(Duration.ofMillis(500)));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.loops.bodies.size() == 1);
		assertThat(this.loops.bodies).containsExactly("[2]");
		assertThat(this.loops.observer.outcomes).startsWith(PollOutcome.TIMEOUT, PollOutcome.EVENTS);
		assertThat(this.loops.observer.failures.get(0)).isInstanceOf(LongPollTimeoutException.class);
	}

	@Test
	void bodyDribbledPastTheTimeoutIsATimeoutFailure() {
		// A Reactor Netty server that really streams: WireMock's dribble reaches the client only at the end
		AtomicInteger polls = new AtomicInteger();
		DisposableServer dribbling = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			if (polls.incrementAndGet() == 1) {
				return response.header("Content-Type", "application/json")
					.sendString(Flux.interval(Duration.ofMillis(100)).map((i) -> "[1,").take(30));
			}
			return response.header("Content-Type", "application/json").sendString(Mono.just("[2]"));
		}).bindNow();
		try {
			this.loops.start(this.loops.endpoint("http://127.0.0.1:" + dribbling.port() + "/feed")
				.timeout(Duration.ofMillis(700)));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.loops.bodies.size() >= 1);
			assertThat(this.loops.observer.outcomes).startsWith(PollOutcome.TIMEOUT, PollOutcome.EVENTS);
			assertThat(this.loops.observer.failures.get(0)).isInstanceOf(LongPollTimeoutException.class)
				.hasMessageContaining("still arriving");
		}
		finally {
			this.loops.close();
			dribbling.disposeNow();
		}
	}

	@Test
	void oversizedBodyIsAClearFailureAndTheNextEventArrives() {
		stubSequence("big", okJson("[\"" + "x".repeat(64 * 1024) + "\"]"), okJson("[2]"),
				aResponse().withStatus(204).withFixedDelay(2000));
		this.loops.start(this.loops.endpoint(url()).maxBodySize(16 * 1024));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.loops.bodies.size() == 1);
		assertThat(this.loops.bodies).containsExactly("[2]");
		assertThat(this.loops.observer.failures.get(0)).isInstanceOf(LongPollBodyTooLargeException.class)
			.hasMessageContaining("max-body-size");
	}

	@Test
	void handlerFailureKeepsTheCursorAndTheSameEventsComeAgain() {
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("0"))
			.willReturn(okJson("[{\"id\":\"1\"}]")));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("1"))
			.willReturn(aResponse().withStatus(204).withFixedDelay(1000)));
		java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
		LongPollContainer container = this.loops.start(this.loops.endpoint(url())
			.initialCursor("0")
			.cursorStrategy(new DeclarativeCursorStrategy(new DeclarativeCursorStrategy.Source(null, null, "", "/id"),
					new DeclarativeCursorStrategy.Target("after", null), this.mapper))
			.handler((response, cursor) -> Mono.fromRunnable(() -> {
				if (calls.incrementAndGet() < 3) {
					throw new IllegalStateException("handler down");
				}
			})));
		await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(container.cursor()));
		assertThat(calls).hasValue(3);
		assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("0"))
			.withHeader("X-Test", equalTo(this.testId))))
			.hasSize(3);
		assertThat(this.loops.observer.failures).hasSize(2)
			.allSatisfy((failure) -> assertThat(failure).hasMessage("handler down"));
	}

	@Test
	void malformedJsonForABodyCursorIsADecodingFailure() {
		stubSequence("malformed", okJson("{\"last_event_id\": 4"), okJson("{\"last_event_id\": 5}"),
				aResponse().withStatus(204).withFixedDelay(1000));
		this.loops.start(this.loops.endpoint(url())
			.cursorStrategy(new DeclarativeCursorStrategy(
					new DeclarativeCursorStrategy.Source(null, "/last_event_id", "", null),
					new DeclarativeCursorStrategy.Target("cursor", null), this.mapper)));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.loops.bodies.size() == 1);
		assertThat(this.loops.observer.failures.get(0)).isInstanceOf(LongPollDecodingException.class)
			.hasMessageContaining("Listener 'test'")
			.hasMessageContaining("200")
			.hasMessageContaining("application/json")
			.hasMessageContaining("{\"last_event_id\": 4");
	}

	@Test
	void holdHintAndHeadersAndCustomizersGoOnEveryRequest() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(100)));
		this.loops.requestCustomizer((request) -> request.header("Authorization", "Bearer fresh"));
		this.loops.start(this.loops.endpoint(url())
			.header("X-Client", "longpoll")
			.holdHint(new HoldHint("wait", Duration.ofSeconds(2), null, HoldHint.Format.UNIT_SECONDS)));
		await().atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> server.verify(getRequestedFor(urlPathEqualTo("/feed")).withQueryParam("wait", equalTo("2s"))
				.withHeader("X-Test", equalTo(this.testId))
				.withHeader("X-Client", equalTo("longpoll"))
				.withHeader("Authorization", equalTo("Bearer fresh"))));
	}

	@Test
	void stopCancelsAHeldPollAtOnce() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(10_000)));
		LongPollContainer container = this.loops.start(this.loops.endpoint(url()).timeout(Duration.ofSeconds(20)));
		await().atMost(Duration.ofSeconds(3)).until(() -> requests() == 1);
		long start = System.nanoTime();
		container.stop().block(Duration.ofSeconds(2));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
		assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
		assertThat(this.loops.observer.failures).isEmpty();
	}

	@Test
	void pauseAndResumeContinueFromTheSameCursor() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(100)));
		LongPollContainer container = this.loops.start(this.loops.endpoint(url()).initialCursor("9")
			.cursorStrategy(new DeclarativeCursorStrategy(new DeclarativeCursorStrategy.Source("X-C", null, "", null),
					new DeclarativeCursorStrategy.Target("c", null), this.mapper)));
		await().atMost(Duration.ofSeconds(3)).until(() -> requests() >= 2);
		container.pause();
		assertThat(container.state()).isEqualTo(ListenerState.PAUSED);
		int paused = requests();
		container.resume();
		await().atMost(Duration.ofSeconds(3)).until(() -> requests() > paused + 1);
		server.verify(getRequestedFor(urlPathEqualTo("/feed")).withQueryParam("c", equalTo("9")));
	}

	@Test
	void aStoppedListenerCanBeStartedAgain() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(100)));
		LongPollContainer container = this.loops.start(this.loops.endpoint(url()));
		container.stop().block(Duration.ofSeconds(2));
		int stopped = requests();
		container.start();
		await().atMost(Duration.ofSeconds(3)).until(() -> requests() > stopped);
		assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
	}

	@Test
	void builderRejectsATimeoutNotLongerThanTheHold() {
		LongPollEndpoint.Builder builder = this.loops.endpoint(url())
			.timeout(Duration.ofSeconds(30))
			.holdHint(new HoldHint("timeout", Duration.ofSeconds(30), null, HoldHint.Format.SECONDS));
		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(builder::build)
			.withMessage("listener 'test': 'timeout' (PT30S) must be longer than the server hold (PT30S); raise "
					+ "'longpoll.listeners.test.timeout' or lower the hold");
	}

}
