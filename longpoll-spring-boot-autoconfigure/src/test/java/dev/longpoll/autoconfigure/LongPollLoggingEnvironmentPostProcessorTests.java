package dev.longpoll.autoconfigure;

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

import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.handler.LongPollHandler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A feed whose connections keep being reset leaves the listener's own few lines and
 * none of Reactor Netty's per-connection warnings, in a real application.
 */
@ExtendWith(OutputCaptureExtension.class)
class LongPollLoggingEnvironmentPostProcessorTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

	@Test
	void resetConnectionsLogOnlyTheListenersLinesWithoutStackTraces(CapturedOutput output) {
		server.stubFor(get(urlPathEqualTo("/down")).inScenario("down").whenScenarioStateIs("Started")
			.willReturn(aResponse().withStatus(500)).willSetStateTo("reset"));
		server.stubFor(get(urlPathEqualTo("/down")).inScenario("down").whenScenarioStateIs("reset")
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("Started"));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties("longpoll.defaults.backoff.initial-interval=10ms", "longpoll.defaults.backoff.max-interval=20ms",
					"longpoll.defaults.backoff.jitter=0ms", "longpoll.logging.failure-summary-interval=1h",
					"spring.main.banner-mode=off")
			.run()) {
			LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
			LongPollContainer container = registry.register("noisy", server.baseUrl() + "/down",
					LongPollHandler.blocking((response, cursor) -> {
					}));
			await().atMost(Duration.ofSeconds(20)).until(() -> container.consecutiveFailures() > 100);
		}
		List<String> lines = Arrays.stream(output.getOut().split("\n"))
			.filter((line) -> line.contains("'noisy'") || line.contains("reactor.netty"))
			.toList();
		assertThat(lines).filteredOn((line) -> line.contains(" WARN ")).hasSize(1).allSatisfy((line) -> assertThat(line)
			.contains("'noisy' failed: "));
		assertThat(lines).noneMatch((line) -> line.contains("reactor.netty"));
		assertThat(output.getOut()).doesNotContain("\tat ");
	}

}
