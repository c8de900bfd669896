package dev.longpoll.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.longpoll.annotation.LongPollListener;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Micrometer Tracing (Brave), a poll is one trace: the HTTP exchange is a child of
 * the poll's span, the handler call another, and the handler's log lines carry their
 * trace and span ids in the MDC.
 */
class LongPollTracingTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		@Bean
		SpanHandler inMemorySpans() {
			return new SpanHandler() {

				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					App.this.spans.add(span);
					return true;
				}

			};
		}

		@Bean
		Listener listener() {
			return new Listener();
		}

	}

	static class Listener {

		final List<Map<String, String>> mdc = new CopyOnWriteArrayList<>();

		@LongPollListener(id = "traced", url = "${feed.url}")
		void on(String body) {
			this.mdc.add(MDC.getCopyOfContextMap());
		}

	}

	@Test
	void pollHttpExchangeAndHandlerAreOneTraceAndTheHandlerLogsCarryIt() {
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("t").whenScenarioStateIs(STARTED)
			.willReturn(okJson("[{\"id\":1}]")).willSetStateTo("held"));
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("t").whenScenarioStateIs("held")
			.willReturn(aResponse().withStatus(204).withFixedDelay(3000)));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties("feed.url=" + server.baseUrl() + "/feed", "management.tracing.sampling.probability=1.0",
					"spring.main.banner-mode=off")
			.run()) {
			App app = context.getBean(App.class);
			Listener listener = context.getBean(Listener.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.mdc.size() == 1
					&& app.spans.stream().anyMatch((span) -> "long-poll traced".equals(span.name())));
			MutableSpan poll = app.spans.stream().filter((span) -> "long-poll traced".equals(span.name())).findFirst()
				.orElseThrow();
			MutableSpan handler = app.spans.stream()
				.filter((span) -> "long-poll handler traced".equals(span.name()))
				.findFirst()
				.orElseThrow();
			MutableSpan exchange = app.spans.stream()
				.filter((span) -> span.name() != null && span.name().startsWith("http get"))
				.findFirst()
				.orElseThrow();
			assertThat(exchange.traceId()).isEqualTo(poll.traceId());
			assertThat(exchange.parentId()).isEqualTo(poll.id());
			assertThat(handler.parentId()).isEqualTo(poll.id());
			Map<String, String> mdc = listener.mdc.get(0);
			assertThat(mdc).containsEntry("traceId", poll.traceId())
				.containsEntry("spanId", handler.id())
				.containsEntry("longpoll.listener", "traced");
		}
	}

}
