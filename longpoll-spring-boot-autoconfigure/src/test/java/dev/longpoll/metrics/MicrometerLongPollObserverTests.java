package dev.longpoll.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationListener;

import dev.longpoll.annotation.LongPollListener;
import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.autoconfigure.metrics.LongPollMetricsAutoConfiguration;
import dev.longpoll.event.LongPollListenerEvent;
import dev.longpoll.event.LongPollListenerRecoveredEvent;
import dev.longpoll.event.LongPollListenerStartedEvent;
import dev.longpoll.event.LongPollListenerStoppedEvent;
import dev.longpoll.container.StopReason;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Observations, MDC and application events of a listener against a real feed.
 */
class MicrometerLongPollObserverTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, LongPollMetricsAutoConfiguration.class,
				WebClientAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(ObservationRegistry.class, () -> this.observations)
		.withPropertyValues("feed.url=" + server.baseUrl() + "/feed", "longpoll.defaults.backoff.initial-interval=50ms",
				"longpoll.defaults.backoff.jitter=0ms");

	static class Listener {

		final List<String> mdc = new CopyOnWriteArrayList<>();

		@LongPollListener(id = "traced", url = "${feed.url}")
		void on(String body) {
			this.mdc.add(MDC.get("longpoll.listener"));
		}

	}

	@Test
	void pollAndHandlerObservationsCarryTheListenerIdAndHandlersSeeItInTheMdc() {
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("s").whenScenarioStateIs(STARTED)
			.willReturn(okJson("[1]")).willSetStateTo("held"));
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("s").whenScenarioStateIs("held")
			.willReturn(aResponse().withStatus(204).withFixedDelay(3000)));
		this.contextRunner.withBean(Listener.class).run((context) -> {
			Listener listener = context.getBean(Listener.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.mdc.size() == 1);
			assertThat(listener.mdc).containsExactly("traced");
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.observations)
				.hasObservationWithNameEqualTo("longpoll.poll.cycle")
				.that()
				.hasLowCardinalityKeyValue("listener", "traced")
				.hasLowCardinalityKeyValue("outcome", "events")
				.hasBeenStopped());
			TestObservationRegistryAssert.assertThat(this.observations)
				.hasObservationWithNameEqualTo("longpoll.handler.invocation")
				.that()
				.hasLowCardinalityKeyValue("listener", "traced")
				.hasParentObservationContextMatching((parent) -> parent.getName().equals("longpoll.poll.cycle"))
				.hasBeenStopped();
		});
	}

	@Test
	void startedRecoveredAndStoppedEventsArePublished() {
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("e").whenScenarioStateIs(STARTED)
			.willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("e").whenScenarioStateIs("ok")
			.willReturn(aResponse().withStatus(204).withFixedDelay(3000)));
		List<LongPollListenerEvent> events = new CopyOnWriteArrayList<>();
		this.contextRunner.withBean(Listener.class)
			.withBean(ApplicationListener.class, () -> (ApplicationListener<LongPollListenerEvent>) events::add)
			.run((context) -> await().atMost(Duration.ofSeconds(5))
				.until(() -> events.stream().anyMatch(LongPollListenerRecoveredEvent.class::isInstance)));
		assertThat(events).hasSize(3);
		assertThat(events.get(0)).isInstanceOf(LongPollListenerStartedEvent.class);
		assertThat(((LongPollListenerRecoveredEvent) events.get(1)).getFailures()).isEqualTo(1);
		assertThat(((LongPollListenerStoppedEvent) events.get(2)).getReason()).isEqualTo(StopReason.REQUESTED);
		assertThat(events).allSatisfy((event) -> assertThat(event.getListenerId()).isEqualTo("traced"));
	}

	@Test
	void metersOfAnUnregisteredListenerAreRemoved() {
		server.stubFor(get(urlPathEqualTo("/tenant")).willReturn(aResponse().withStatus(204).withFixedDelay(200)));
		this.contextRunner.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			dev.longpoll.container.LongPollListenerRegistry registry = context
				.getBean(dev.longpoll.container.LongPollListenerRegistry.class);
			registry.register("tenant-7", server.baseUrl() + "/tenant",
					dev.longpoll.handler.LongPollHandler.blocking((response, cursor) -> {
					}));
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(5))
				.until(() -> meters.find("longpoll.poll").tag("listener", "tenant-7").timer() != null);
			assertThat(meters.find("longpoll.state").tag("listener", "tenant-7").gauge()).isNotNull();
			registry.unregister("tenant-7").block(java.time.Duration.ofSeconds(5));
			assertThat(meters.getMeters()).noneMatch((meter) -> "tenant-7".equals(meter.getId().getTag("listener")));
		});
	}

}
