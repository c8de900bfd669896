package dev.longpoll.annotation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.endpoint.LongPollEndpointCustomizer;
import dev.longpoll.event.LongPollListenerStartedEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plain Spring application, without Spring Boot, turns listeners on with
 * {@code @EnableLongPoll} and its own beans.
 */
class EnableLongPollTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	record Order(String id) {
	}

	static class OrderEvents {

		final List<Order> received = new CopyOnWriteArrayList<>();

		@LongPollListener(id = "orders", url = "${feed.url}")
		void on(Order order) {
			this.received.add(order);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableLongPoll
	static class PlainSpringApp {

		final List<String> started = new CopyOnWriteArrayList<>();

		@Bean
		OrderEvents orderEvents() {
			return new OrderEvents();
		}

		@Bean
		LongPollEndpointCustomizer shortTimeout() {
			return (endpoint) -> endpoint.timeout(Duration.ofSeconds(5)).minEmptyPollInterval(Duration.ZERO);
		}

		@Bean
		ApplicationListener<LongPollListenerStartedEvent> startedEvents() {
			return (event) -> this.started.add(event.getListenerId());
		}

	}

	@Test
	void listenersRunWithDefaultsAndTheApplicationsBeans() {
		server.stubFor(get(urlPathEqualTo("/orders")).inScenario("orders")
			.whenScenarioStateIs("Started")
			.willReturn(okJson("[{\"id\":\"a\"},{\"id\":\"b\"}]"))
			.willSetStateTo("held"));
		server.stubFor(get(urlPathEqualTo("/orders")).inScenario("orders")
			.whenScenarioStateIs("held")
			.willReturn(aResponse().withStatus(204).withFixedDelay(200)));
		LongPollContainer container;
		OrderEvents events;
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("test", java.util.Map.of("feed.url", server.baseUrl() + "/orders")));
			context.register(PlainSpringApp.class);
			context.refresh();
			events = context.getBean(OrderEvents.class);
			container = context.getBean(LongPollListenerRegistry.class).getContainer("orders");
			assertThat(container).isNotNull();
			assertThat(container.endpoint().options().timeout()).isEqualTo(Duration.ofSeconds(5));
			await().atMost(Duration.ofSeconds(5)).until(() -> events.received.size() == 2);
			assertThat(events.received).containsExactly(new Order("a"), new Order("b"));
			assertThat(context.getBean(PlainSpringApp.class).started).containsExactly("orders");
		}
		assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
	}

}
