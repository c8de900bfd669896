package dev.longpoll.container;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.longpoll.listener.LongPollHandler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A feed that fails for 30 s leaves a bounded number of log lines.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoggingLongPollObserverTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

	@Test
	void failingFeedForThirtySecondsLogsAFewLinesAndOneOnRecovery(CapturedOutput output) throws InterruptedException {
		server.stubFor(get(urlPathEqualTo("/down")).inScenario("down").whenScenarioStateIs("Started")
			.willReturn(aResponse().withStatus(500)).willSetStateTo("reset"));
		server.stubFor(get(urlPathEqualTo("/down")).inScenario("down").whenScenarioStateIs("reset")
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("Started"));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties("longpoll.defaults.backoff.initial-interval=10ms", "longpoll.defaults.backoff.max-interval=20ms",
					"longpoll.defaults.backoff.jitter=0ms", "longpoll.logging.failure-summary-interval=10s",
					"spring.main.banner-mode=off")
			.run()) {
			LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
			LongPollContainer container = registry.register("noisy", server.baseUrl() + "/down",
					LongPollHandler.blocking((response, cursor) -> {
					}));
			Thread.sleep(30_000); // the duration under test
			assertThat(container.consecutiveFailures()).isGreaterThan(500);
			server.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(204).withFixedDelay(500)));
			await().atMost(Duration.ofSeconds(5)).until(() -> container.consecutiveFailures() == 0);
		}
		List<String> lines = Arrays.stream(output.getOut().split("\n"))
			.filter((line) -> line.contains("'noisy'") || line.contains("reactor.netty"))
			.toList();
		List<String> warnings = lines.stream().filter((line) -> line.contains(" WARN ")).toList();
		// First failure, then one summary per 10 s: 1 + 3 at most, and no line from Reactor Netty per failure
		assertThat(warnings).hasSizeBetween(2, 4).allSatisfy((line) -> assertThat(line).contains("'noisy'"));
		assertThat(warnings.get(0)).contains("failed: ").doesNotContain("Exception:\n");
		assertThat(warnings.get(1)).contains("still failing: ");
		assertThat(lines).filteredOn((line) -> line.contains("recovered after")).hasSize(1);
		assertThat(output.getOut()).doesNotContain("\tat ");
	}

}
