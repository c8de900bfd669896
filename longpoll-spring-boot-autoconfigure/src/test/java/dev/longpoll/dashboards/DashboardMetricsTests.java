package dev.longpoll.dashboards;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.annotation.LongPollListener;
import dev.longpoll.dashboards.MonitoringQueries.Query;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard and the Prometheus alerts under {@code dashboards/} use only
 * metrics and labels that an application exports: one with
 * {@code micrometer-registry-prometheus}, in cluster mode (so that the cluster's meters
 * exist; its leases are in H2, the cheapest real lease store), whose listener went through
 * events, a failure, an idle hold, a skipped response and a cursor reset before
 * {@code /actuator/prometheus} is scraped.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,prometheus",
				"management.metrics.tags.application=dashboards", // as the README asks
				"management.health.redis.enabled=false", // Redis is on this module's test class path, not running
				"spring.datasource.url=jdbc:h2:mem:dashboards;DB_CLOSE_DELAY=-1", "longpoll.cluster.enabled=true",
				"longpoll.cluster.store=jdbc", "longpoll.cluster.jdbc.initialize-schema=always",
				"longpoll.cluster.lease-ttl=2s", "longpoll.cluster.renew-interval=500ms",
				"longpoll.cursor-store.type=jdbc", "longpoll.cursor-store.jdbc.initialize-schema=always",
				"longpoll.defaults.backoff.initial-interval=50ms", "longpoll.defaults.backoff.max-interval=100ms",
				"longpoll.defaults.backoff.jitter=0ms", "longpoll.defaults.min-empty-poll-interval=0ms",
				"longpoll.listeners.orders.error-policy.action=skip",
				"longpoll.listeners.orders.error-policy.max-retries=1" })
@DirtiesContext
class DashboardMetricsTests {

	static final String DASHBOARD = "dashboards/grafana/longpoll-dashboard.json";

	static final String ALERTS = "dashboards/prometheus/longpoll-alerts.yml";

	@RegisterExtension
	static WireMockExtension feed = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.resetOnEachTest(false)
		.build();

	@BeforeAll
	static void feedThatHolds() {
		answer(aResponse().withStatus(204).withFixedDelay(100));
	}

	@DynamicPropertySource
	static void feedUrl(DynamicPropertyRegistry registry) {
		registry.add("feed.base", feed::baseUrl);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@SpringBootApplication
	static class App {

		@LongPollListener(id = "orders", url = "${feed.base}/orders")
		void orders(Map<String, Object> event) {
			if (event.containsKey("poison")) {
				throw new IllegalStateException("poison");
			}
		}

	}

	private static void answer(ResponseDefinitionBuilder response) {
		feed.stubFor(get(urlPathEqualTo("/orders")).willReturn(response));
	}

	@Test
	void dashboardAndAlertsUseOnlyMetricsAndLabelsTheApplicationExports() throws Exception {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.meters.find("longpoll.cluster.owned").gauge() != null
					&& this.meters.get("longpoll.cluster.owned").gauge().value() == 1);
		answer(okJson("[{\"n\":1},{\"n\":2}]"));
		awaitPoll("events");
		answer(aResponse().withStatus(500));
		awaitPoll("error");
		answer(aResponse().withStatus(408));
		awaitPoll("idle");
		answer(okJson("[{\"poison\":true}]"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.find("longpoll.events.skipped").counter() != null);
		answer(aResponse().withStatus(410));
		awaitPoll("cursor_reset"); // at the initial position: the listener stops, FAILED
		PrometheusScrape scrape = PrometheusScrape.parse(scrape());

		List<String> problems = new ArrayList<>();
		List<Query> queries = new ArrayList<>(MonitoringQueries.fromDashboard(MonitoringQueries.read(DASHBOARD)));
		queries.addAll(MonitoringQueries.fromRules(MonitoringQueries.read(ALERTS), problems));
		problems.addAll(MonitoringQueries.problems(queries, scrape));

		assertThat(queries).as("queries in the dashboard and the rules").hasSizeGreaterThan(20);
		assertThat(problems).as("names the dashboard or the rules use, missing from a scrape with %s",
				scrape.names().stream().filter((name) -> name.startsWith("longpoll")).toList()).isEmpty();
	}

	private void awaitPoll(String outcome) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.meters.find("longpoll.poll").tags("listener", "orders", "outcome", outcome).timer() != null);
	}

	private String scrape() {
		return WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(5));
	}

}
