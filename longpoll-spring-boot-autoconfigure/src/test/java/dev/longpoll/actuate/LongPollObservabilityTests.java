package dev.longpoll.actuate;

import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.annotation.LongPollListener;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollListenerRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health, metrics and the {@code longpoll} endpoint of a running application with
 * actuator, against WireMock feeds.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,longpoll,metrics",
				"management.health.redis.enabled=false", // Redis is on this module's test class path, not running
				"management.endpoint.health.show-details=always",
				"management.endpoint.health.group.readiness.include=readinessState,longPoll",
				"longpoll.defaults.backoff.initial-interval=50ms", "longpoll.defaults.backoff.max-interval=100ms",
				"longpoll.defaults.backoff.jitter=0ms", "longpoll.defaults.min-empty-poll-interval=0ms",
				"longpoll.health.failure-threshold=3", "longpoll.listeners.flaky.auto-startup=false",
				"longpoll.listeners.metered.auto-startup=false",
				"longpoll.listeners.secret.headers.Authorization=Bearer s3cr3t-header" })
@DirtiesContext
class LongPollObservabilityTests {

	@RegisterExtension
	static WireMockExtension feed = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.resetOnEachTest(false)
		.build();

	@BeforeAll
	static void feedsThatHold() {
		hold("/alpha");
		hold("/secret");
	}

	@DynamicPropertySource
	static void feedUrl(DynamicPropertyRegistry registry) {
		registry.add("feed.base", feed::baseUrl);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private LongPollListenerRegistry registry;

	@Autowired
	private MeterRegistry meters;

	private final JsonMapper mapper = JsonMapper.shared();

	@SpringBootApplication
	static class App {

		@LongPollListener(id = "alpha", url = "${feed.base}/alpha")
		void alpha(String body) {
		}

		@LongPollListener(id = "flaky", url = "${feed.base}/flaky")
		void flaky(String body) {
		}

		@LongPollListener(id = "metered", url = "${feed.base}/metered")
		void metered(Map<String, Object> event) {
		}

		@LongPollListener(id = "secret", url = "${feed.base}/secret?topic=x&token=s3cr3t-query&api_key=k3y")
		void secret(String body) {
		}

	}

	private static void hold(String path) {
		feed.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(204).withFixedDelay(150)));
	}

	@AfterEach
	void stopOnDemandListeners() {
		this.registry.stop("flaky").block(Duration.ofSeconds(2));
		this.registry.stop("metered").block(Duration.ofSeconds(2));
		hold("/alpha");
		hold("/secret");
		this.registry.getContainer("alpha").resume();
	}

	private ResponseEntity<String> http(String method, String path) {
		return WebClient.create("http://localhost:" + this.port)
			.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.retrieve()
			.onStatus((status) -> true, (response) -> reactor.core.publisher.Mono.empty())
			.toEntity(String.class)
			.block(Duration.ofSeconds(5));
	}

	private JsonNode json(String path) {
		return this.mapper.readTree(http("GET", path).getBody());
	}

	private String listenerStatus(String id) {
		return json("/actuator/health").at("/components/longPoll/components/" + id + "/status").asString();
	}

	@Test
	void healthShowsEachListenerUpWithDetailsAndByPath() {
		hold("/alpha");
		hold("/secret");
		await().atMost(Duration.ofSeconds(5)).until(() -> "UP".equals(listenerStatus("alpha")));
		JsonNode alpha = json("/actuator/health/longPoll/alpha");
		assertThat(alpha.at("/status").asString()).isEqualTo("UP");
		assertThat(alpha.at("/details/state").asString()).isEqualTo("RUNNING");
		assertThat(alpha.at("/details/url").asString()).isEqualTo(feed.baseUrl() + "/alpha");
		assertThat(alpha.at("/details/consecutiveFailures").asInt()).isZero();
		assertThat(json("/actuator/health/readiness").at("/components/longPoll/status").asString()).isEqualTo("UP");
	}

	@Test
	void fatalStatusTurnsTheListenerAndApplicationDownUntilRestartedAgainstAGoodFeed() {
		feed.stubFor(get(urlPathEqualTo("/flaky")).willReturn(aResponse().withStatus(401)));
		assertThat(http("POST", "/actuator/longpoll/flaky/start").getStatusCode().value()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).until(() -> "DOWN".equals(listenerStatus("flaky")));
		JsonNode flaky = json("/actuator/health/longPoll/flaky");
		assertThat(flaky.at("/details/state").asString()).isEqualTo("FAILED");
		assertThat(flaky.at("/details/stopReason").asString()).isEqualTo("FATAL_STATUS");
		assertThat(flaky.at("/details/lastError").asString()).contains("HTTP 401");
		assertThat(http("GET", "/actuator/health").getStatusCode().value()).isEqualTo(503);
		hold("/flaky");
		http("POST", "/actuator/longpoll/flaky/start");
		await().atMost(Duration.ofSeconds(5)).until(() -> "UP".equals(listenerStatus("flaky")));
	}

	@Test
	void consecutiveFailuresTurnTheListenerDownAndRecoveryBringsItBack() {
		feed.stubFor(get(urlPathEqualTo("/flaky")).willReturn(aResponse().withStatus(503)));
		this.registry.start("flaky");
		await().atMost(Duration.ofSeconds(5)).until(() -> "DOWN".equals(listenerStatus("flaky")));
		JsonNode flaky = json("/actuator/health/longPoll/flaky");
		assertThat(flaky.at("/details/state").asString()).isEqualTo("RUNNING");
		assertThat(flaky.at("/details/consecutiveFailures").asInt()).isGreaterThanOrEqualTo(3);
		assertThat(flaky.at("/details/lastError").asString()).contains("HTTP 503");
		hold("/flaky");
		await().atMost(Duration.ofSeconds(5)).until(() -> "UP".equals(listenerStatus("flaky")));
	}

	@Test
	void pausedListenerDoesNotMakeTheApplicationDown() {
		hold("/alpha");
		assertThat(http("POST", "/actuator/longpoll/alpha/pause").getStatusCode().value()).isEqualTo(200);
		assertThat(this.registry.getContainer("alpha").state()).isEqualTo(ListenerState.PAUSED);
		assertThat(listenerStatus("alpha")).isEqualTo("UNKNOWN");
		assertThat(json("/actuator/health/longPoll/alpha").at("/details/state").asString()).isEqualTo("PAUSED");
		ResponseEntity<String> health = http("GET", "/actuator/health");
		assertThat(health.getStatusCode().value()).isEqualTo(200);
		assertThat(this.mapper.readTree(health.getBody()).at("/status").asString()).isEqualTo("UP");
		assertThat(http("POST", "/actuator/longpoll/alpha/resume").getStatusCode().value()).isEqualTo(200);
		assertThat(this.registry.getContainer("alpha").state()).isEqualTo(ListenerState.RUNNING);
	}

	@Test
	void endpointListsListenersAndAnswers404ForUnknownIds() {
		JsonNode all = json("/actuator/longpoll");
		assertThat(all.at("/listeners").propertyNames()).contains("alpha", "flaky", "metered", "secret");
		assertThat(json("/actuator/longpoll/alpha").at("/state").asString()).isIn("RUNNING", "PAUSED");
		assertThat(http("GET", "/actuator/longpoll/nope").getStatusCode().value()).isEqualTo(404);
		assertThat(http("POST", "/actuator/longpoll/nope/pause").getStatusCode().value()).isEqualTo(404);
		assertThat(http("POST", "/actuator/longpoll/alpha/explode").getStatusCode().value()).isEqualTo(400);
	}

	@Test
	void metersCountAScriptedSequence() {
		feed.stubFor(get(urlPathEqualTo("/metered")).inScenario("m").whenScenarioStateIs("Started")
			.willReturn(okJson("[{\"n\":1},{\"n\":2},{\"n\":3}]")).willSetStateTo("error"));
		feed.stubFor(get(urlPathEqualTo("/metered")).inScenario("m").whenScenarioStateIs("error")
			.willReturn(aResponse().withStatus(500)).willSetStateTo("empty"));
		feed.stubFor(get(urlPathEqualTo("/metered")).inScenario("m").whenScenarioStateIs("empty")
			.willReturn(aResponse().withStatus(204)).willSetStateTo("held"));
		feed.stubFor(get(urlPathEqualTo("/metered")).inScenario("m").whenScenarioStateIs("held")
			.willReturn(aResponse().withStatus(204).withFixedDelay(5000)));
		this.registry.start("metered");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.meters.find("longpoll.poll")
			.tags("listener", "metered", "outcome", "empty", "status", "204").timer() != null);
		assertThat(this.meters.get("longpoll.poll").tags("listener", "metered", "outcome", "events", "status", "200")
			.timer().count()).isEqualTo(1);
		assertThat(this.meters.get("longpoll.poll").tags("listener", "metered", "outcome", "error", "status", "500")
			.timer().count()).isEqualTo(1);
		assertThat(this.meters.get("longpoll.events.delivered").tag("listener", "metered").counter().count())
			.isEqualTo(3);
		assertThat(this.meters.get("longpoll.handler").tags("listener", "metered", "outcome", "success").timer().count())
			.isEqualTo(1);
		assertThat(this.meters.get("longpoll.retries").tag("listener", "metered").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("longpoll.failures.consecutive").tag("listener", "metered").gauge().value()).isZero();
		assertThat(this.meters.get("longpoll.state").tag("listener", "metered").gauge().value()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(2)).until(() -> this.meters.get("longpoll.polls.in-flight")
			.tag("listener", "metered").gauge().value() == 1);
		assertThat(this.meters.get("longpoll.last-success.age").tag("listener", "metered").gauge().value())
			.isBetween(0.0, 5.0);
		assertThat(this.meters.get("longpoll.backoff.delay").tag("listener", "metered").gauge().value()).isZero();
		assertThat(json("/actuator/metrics/longpoll.events.delivered?tag=listener:metered").at("/measurements/0/value")
			.asDouble()).isEqualTo(3);
	}

	@Test
	void aCursorThatCannotBeSentIsRefusedWith400NamingTheRule() {
		String before = this.registry.getContainer("alpha").cursor();
		ResponseEntity<String> tooLong = http("POST", "/actuator/longpoll/alpha/cursor/" + "7".repeat(3000));
		assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
		assertThat(tooLong.getBody()).contains("Listener 'alpha': cursor '7777")
			.contains("it has 3000 characters, more than the 2048 allowed")
			.hasSizeLessThan(400);
		ResponseEntity<String> lineBreak = WebClient.create()
			.post()
			.uri(java.net.URI.create("http://localhost:" + this.port + "/actuator/longpoll/alpha/cursor/7%0D%0AX-Forged:%201"))
			.retrieve()
			.onStatus((status) -> true, (response) -> reactor.core.publisher.Mono.empty())
			.toEntity(String.class)
			.block(Duration.ofSeconds(5));
		assertThat(lineBreak.getStatusCode().value()).isEqualTo(400);
		assertThat(this.registry.getContainer("alpha").cursor()).isEqualTo(before);
	}

	@Test
	void secretsNeverReachHealthOrEndpointOutput() {
		hold("/secret");
		feed.stubFor(get(urlPathEqualTo("/flaky")).willReturn(aResponse().withStatus(401).withBody("bad token")));
		await().atMost(Duration.ofSeconds(5)).until(() -> "UP".equals(listenerStatus("secret")));
		String health = http("GET", "/actuator/health").getBody();
		String endpoint = http("GET", "/actuator/longpoll").getBody();
		String one = http("GET", "/actuator/longpoll/secret").getBody();
		for (String output : new String[] { health, endpoint, one }) {
			assertThat(output).doesNotContain("s3cr3t").doesNotContain("k3y").contains("topic=x");
		}
		assertThat(json("/actuator/longpoll/secret").at("/url").asString())
			.isEqualTo(feed.baseUrl() + "/secret?topic=x&token=******&api_key=******");
	}

}
