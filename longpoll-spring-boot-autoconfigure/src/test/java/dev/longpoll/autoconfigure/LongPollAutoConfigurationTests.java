package dev.longpoll.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.longpoll.annotation.LongPollListener;
import dev.longpoll.client.LongPollClient;
import dev.longpoll.client.LongPollRequestCustomizer;
import dev.longpoll.container.DefaultLongPollContainerFactory;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollContainerFactory;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.container.StopReason;
import dev.longpoll.endpoint.LongPollEndpointCustomizer;
import dev.longpoll.event.LongPollListenerStoppedEvent;
import dev.longpoll.handler.LongPollHandler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link LongPollAutoConfiguration}.
 */
class LongPollAutoConfigurationTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withPropertyValues("feed.url=" + server.baseUrl() + "/feed", "longpoll.defaults.backoff.initial-interval=50ms",
				"longpoll.defaults.backoff.jitter=0ms", "longpoll.defaults.min-empty-poll-interval=0ms");

	@Test
	void runShouldCreateRegistryClientAndFactories() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LongPollListenerRegistry.class)
			.hasSingleBean(LongPollClient.class)
			.hasBean("longPollHandlerScheduler"));
	}

	@Test
	void pollsPastTheBoundOfTheConnectionWaitQueueFailAtOnce() {
		server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/held")
			.willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(204).withFixedDelay(3000)));
		this.contextRunner.withPropertyValues("longpoll.http.max-connections=1", "longpoll.http.max-pending-acquires=1")
			.run((context) -> {
				LongPollClient client = context.getBean(LongPollClient.class);
				dev.longpoll.client.PollRequest request = dev.longpoll.client.PollRequest
					.builder("bounded", dev.longpoll.client.PollRequest.Url.parse(server.baseUrl() + "/held"),
							java.time.Duration.ofSeconds(10), 1024,
							new dev.longpoll.client.ClientOptions(java.time.Duration.ofSeconds(2), null, false))
					.build();
				client.exchange(request).subscribe(null, (ex) -> { // takes the one connection
				});
				client.exchange(request).subscribe(null, (ex) -> { // waits for it: the one place in the queue
				});
				long start = System.nanoTime();
				assertThatExceptionOfType(Exception.class)
					.isThrownBy(() -> client.exchange(request).block(java.time.Duration.ofSeconds(5)))
					.satisfies((ex) -> assertThat(ex).hasStackTraceContaining("PoolAcquirePendingLimitException"));
				assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(2));
			});
	}

	@Test
	void runWhenDisabledShouldNotCreateRegistry() {
		this.contextRunner.withPropertyValues("longpoll.enabled=false")
			.withUserConfiguration(OrdersListenerConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LongPollListenerRegistry.class)
				.doesNotHaveBean(LongPollClient.class));
	}

	@Test
	void runWithUserBeansShouldUseThem() {
		this.contextRunner.withUserConfiguration(UserBeansConfiguration.class)
			.run((context) -> {
				assertThat(context).getBean(LongPollClient.class).isSameAs(UserBeansConfiguration.CLIENT);
				assertThat(context).getBean(LongPollContainerFactory.class)
					.isSameAs(context.getBean("userContainerFactory"));
				assertThat(context.getBean(LongPollListenerRegistry.class).register("user", "http://127.0.0.1:1/",
						LongPollHandler.blocking((response, cursor) -> {
						})))
					.isSameAs(UserBeansConfiguration.CREATED.get(0));
			});
	}

	@Test
	void runWithoutActuatorOrMicrometerShouldPollAndBackOffCleanly() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.actuate",
					"org.springframework.boot.health"))
			.withPropertyValues("feed.url=http://127.0.0.1:1/feed")
			.withUserConfiguration(OrdersListenerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				LongPollContainer container = context.getBean(LongPollListenerRegistry.class).getContainer("orders");
				await().atMost(Duration.ofSeconds(5)).until(() -> container.consecutiveFailures() >= 3);
				assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
			});
	}

	@Test
	void sharedClientReadTimeoutDoesNotCutLongPolls() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(okJson("{\"id\":\"1\",\"total\":3}").withFixedDelay(800)));
		this.contextRunner.withPropertyValues("spring.http.clients.read-timeout=100ms")
			.withUserConfiguration(OrdersListenerConfiguration.class)
			.run((context) -> {
				OrdersListener listener = context.getBean(OrdersListener.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> !listener.received.isEmpty());
				assertThat(context.getBean(LongPollListenerRegistry.class).getContainer("orders").consecutiveFailures())
					.isZero();
			});
	}

	@Test
	void endpointCustomizerBeansApplyToEveryListener() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(100)));
		this.contextRunner.withUserConfiguration(OrdersListenerConfiguration.class)
			.withBean(LongPollEndpointCustomizer.class, () -> (endpoint) -> endpoint.header("X-Tenant", endpoint.id()))
			.run((context) -> await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> server.verify(getRequestedFor(urlPathEqualTo("/feed")).withHeader("X-Tenant",
						com.github.tomakehurst.wiremock.client.WireMock.equalTo("orders")))));
	}

	@Test
	void requestCustomizerBeansAddDynamicHeadersToEveryPoll() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(100)));
		java.util.concurrent.atomic.AtomicInteger refreshes = new java.util.concurrent.atomic.AtomicInteger();
		this.contextRunner.withUserConfiguration(OrdersListenerConfiguration.class)
			.withBean(LongPollRequestCustomizer.class, () -> (request) -> request.header("Authorization",
					"Bearer token-" + refreshes.incrementAndGet()))
			.run((context) -> await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> server.verify(getRequestedFor(urlPathEqualTo("/feed")).withHeader("Authorization",
						com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer token-3")))));
	}

	@Test
	void fatalStatusPublishesAStoppedEvent() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(401)));
		List<LongPollListenerStoppedEvent> events = new CopyOnWriteArrayList<>();
		this.contextRunner.withUserConfiguration(OrdersListenerConfiguration.class)
			.withBean(ApplicationListener.class,
					() -> (ApplicationListener<LongPollListenerStoppedEvent>) events::add)
			.run((context) -> {
				await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
				assertThat(events.get(0).getListenerId()).isEqualTo("orders");
				assertThat(events.get(0).getReason()).isEqualTo(StopReason.FATAL_STATUS);
				assertThat(events.get(0).getCause()).hasMessageContaining("HTTP 401");
			});
	}

	@Test
	void listenersRegisteredAtRuntimeTakeTheirPropertiesAndCanBeUnregistered() {
		server.stubFor(get(urlPathEqualTo("/tenants/a")).willReturn(okJson("[{\"id\":\"5\"}]").withFixedDelay(50)));
		List<String> bodies = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withPropertyValues("longpoll.listeners.tenant-a.cursor.from-last-element=/id",
					"longpoll.listeners.tenant-a.cursor.query-parameter=after")
			.run((context) -> {
				LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
				LongPollContainer container = registry.register("tenant-a", server.baseUrl() + "/tenants/a",
						LongPollHandler.blocking((response, cursor) -> bodies.add(response.bodyAsString())));
				await().atMost(Duration.ofSeconds(5)).until(() -> bodies.size() >= 2);
				server.verify(getRequestedFor(urlPathEqualTo("/tenants/a"))
					.withQueryParam("after", com.github.tomakehurst.wiremock.client.WireMock.equalTo("5")));
				registry.unregister("tenant-a").block(Duration.ofSeconds(2));
				assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
				assertThat(registry.getContainer("tenant-a")).isNull();
			});
	}

	@Test
	void stopOfTheContextStopsEveryListenerPromptly() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(10_000)));
		List<Long> stoppedAt = new CopyOnWriteArrayList<>();
		this.contextRunner.withUserConfiguration(OrdersListenerConfiguration.class)
			.withBean(ApplicationListener.class,
					() -> (ApplicationListener<LongPollListenerStoppedEvent>) (event) -> stoppedAt.add(System.nanoTime()))
			.run((context) -> {
				LongPollContainer container = context.getBean(LongPollListenerRegistry.class).getContainer("orders");
				await().atMost(Duration.ofSeconds(3))
					.until(() -> !server.findAll(getRequestedFor(urlPathEqualTo("/feed"))).isEmpty());
				long start = System.nanoTime();
				context.close();
				// Measured to the listener's stop: Reactor's global resources then take their own quiet period
				assertThat(stoppedAt).singleElement()
					.satisfies((at) -> assertThat(Duration.ofNanos(at - start)).isLessThan(Duration.ofMillis(500)));
				assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OrdersListenerConfiguration {

		@Bean
		OrdersListener ordersListener() {
			return new OrdersListener();
		}

	}

	record Order(String id, int total) {
	}

	static class OrdersListener {

		final List<Order> received = new CopyOnWriteArrayList<>();

		@LongPollListener(id = "orders", url = "${feed.url}")
		void on(Order order) {
			this.received.add(order);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		static final LongPollClient CLIENT = (request) -> Mono.never();

		@Bean
		LongPollClient userClient() {
			return CLIENT;
		}

		static final List<LongPollContainer> CREATED = new CopyOnWriteArrayList<>();

		@Bean
		LongPollContainerFactory userContainerFactory() {
			return (endpoint) -> {
				LongPollContainer container = new DefaultLongPollContainerFactory(CLIENT, Schedulers.immediate(), new LongPollObserver() {
						}, List.of(), Duration.ofSeconds(1)).create(endpoint);
				CREATED.add(container);
				return container;
			};
		}

	}

}
