package dev.longpoll.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.handler.LongPollHandler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code spring.threads.virtual.enabled=true} on Java 21+, handlers run on virtual
 * threads. Skipped on older Java (CI runs Java 17; run it with a Java 21+ JDK).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadHandlerTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static boolean isVirtual(Thread thread) {
		try {
			return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread); // compiled for Java 17
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void handlersRunOnVirtualThreadsWhenEnabled() {
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("v").whenScenarioStateIs(STARTED)
			.willReturn(okJson("[1]")).willSetStateTo("held"));
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("v").whenScenarioStateIs("held")
			.willReturn(aResponse().withStatus(204).withFixedDelay(2000)));
		List<Boolean> virtual = new CopyOnWriteArrayList<>();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
					JacksonAutoConfiguration.class))
			.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> {
				context.getBean(LongPollListenerRegistry.class)
					.register("virtual", server.baseUrl() + "/feed",
							LongPollHandler.blocking((response, cursor) -> virtual.add(isVirtual(Thread.currentThread()))));
				await().atMost(Duration.ofSeconds(5)).until(() -> !virtual.isEmpty());
				assertThat(virtual).containsOnly(true);
			});
	}

}
