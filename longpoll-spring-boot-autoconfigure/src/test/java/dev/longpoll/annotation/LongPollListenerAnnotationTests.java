package dev.longpoll.annotation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.handler.LongPollMessage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @LongPollListener} methods against a real HTTP server: what they may take and
 * return, properties, placeholders and proxies.
 */
class LongPollListenerAnnotationTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
				JacksonAutoConfiguration.class))
		.withPropertyValues("feed.url=" + server.baseUrl() + "/feed", "longpoll.defaults.backoff.initial-interval=50ms",
				"longpoll.defaults.backoff.jitter=0ms");

	private static void serveOnceThenHold(String body) {
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", absent()).willReturn(okJson(body)));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("done"))
			.willReturn(aResponse().withStatus(204).withFixedDelay(2000)));
	}

	private ApplicationContextRunner withCursorDone() {
		return this.contextRunner.withPropertyValues("longpoll.defaults.cursor.from-header=X-Next",
				"longpoll.defaults.cursor.query-parameter=after");
	}

	private static void serveOnceWithCursorThenHold(String body) {
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", absent())
			.willReturn(okJson(body).withHeader("X-Next", "done")));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("done"))
			.willReturn(aResponse().withStatus(204).withFixedDelay(2000)));
	}

	record Event(int id, String text) {
	}

	static class Recorder {

		final List<Object> received = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		void add(Object value) {
			this.received.add(value);
			this.threads.add(Thread.currentThread().getName());
		}

	}

	static class SplitListener extends Recorder {

		@LongPollListener(id = "split", url = "${feed.url}")
		void on(Event event) {
			add(event);
		}

	}

	@Test
	void arrayBodyIsSplitIntoOneCallPerElementInOrderOffTheEventLoop() {
		serveOnceWithCursorThenHold("[{\"id\":1,\"text\":\"a\"},{\"id\":2,\"text\":\"b\"},{\"id\":3,\"text\":\"c\"}]");
		withCursorDone().withBean(SplitListener.class).run((context) -> {
			SplitListener listener = context.getBean(SplitListener.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.received.size() == 3);
			assertThat(listener.received).containsExactly(new Event(1, "a"), new Event(2, "b"), new Event(3, "c"));
			assertThat(listener.threads).allSatisfy((name) -> assertThat(name).startsWith("longpoll-handler"));
		});
	}

	static class ListListener extends Recorder {

		@LongPollListener(id = "list", url = "${feed.url}")
		void on(List<Event> events) {
			add(events);
		}

	}

	@Test
	void listParameterTakesTheWholeArray() {
		serveOnceWithCursorThenHold("[{\"id\":1,\"text\":\"a\"},{\"id\":2,\"text\":\"b\"}]");
		withCursorDone().withBean(ListListener.class).run((context) -> {
			ListListener listener = context.getBean(ListListener.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.received.size() == 1);
			assertThat(listener.received).containsExactly(List.of(new Event(1, "a"), new Event(2, "b")));
		});
	}

	static class RawListener extends Recorder {

		@LongPollListener(id = "text", url = "${feed.url}")
		void text(String body) {
			add(body);
		}

		@LongPollListener(id = "bytes", url = "${feed.url}")
		void bytes(byte[] body) {
			add(new String(body));
		}

		@LongPollListener(id = "tree", url = "${feed.url}")
		void tree(JsonNode body) {
			add(body.get("id").asInt());
		}

	}

	@Test
	void stringBytesAndTreeParametersTakeTheBody() {
		serveOnceWithCursorThenHold("{\"id\":7}");
		withCursorDone().withBean(RawListener.class).run((context) -> {
			RawListener listener = context.getBean(RawListener.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.received.size() == 3);
			assertThat(listener.received).containsExactlyInAnyOrder("{\"id\":7}", "{\"id\":7}", 7);
		});
	}

	static class EnvelopeListener extends Recorder {

		@LongPollListener(id = "envelope", url = "${feed.url}")
		void on(LongPollMessage<Event> message) {
			add(message);
		}

	}

	@Test
	void envelopeCarriesPayloadStatusHeadersAndCursor() {
		serveOnceWithCursorThenHold("{\"last_event_id\":9,\"events\":[{\"id\":8,\"text\":\"x\"},{\"id\":9,\"text\":\"y\"}]}");
		withCursorDone().withPropertyValues("longpoll.listeners.envelope.payload-pointer=/events")
			.withBean(EnvelopeListener.class)
			.run((context) -> {
				EnvelopeListener listener = context.getBean(EnvelopeListener.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> listener.received.size() == 2);
				LongPollMessage<?> first = (LongPollMessage<?>) listener.received.get(0);
				assertThat(first.payload()).isEqualTo(new Event(8, "x"));
				assertThat(first.status()).isEqualTo(200);
				assertThat(first.headers().getFirst("X-Next")).isEqualTo("done");
				assertThat(first.cursor()).isEqualTo("done");
				assertThat(first.listenerId()).isEqualTo("envelope");
				assertThat(((LongPollMessage<?>) listener.received.get(1)).payload()).isEqualTo(new Event(9, "y"));
			});
	}

	static class WrappedListener extends Recorder {

		@LongPollListener(id = "wrapped", url = "${feed.url}")
		void on(Event event) {
			add(event);
		}

	}

	@Test
	void payloadPointerAndBodyCursorFromPropertiesDriveTheLoop() {
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("last_event_id", equalTo("0"))
			.willReturn(okJson("{\"last_event_id\":42,\"events\":[{\"id\":42,\"text\":\"hi\"}]}")));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("last_event_id", equalTo("42"))
			.willReturn(okJson("{\"last_event_id\":42,\"events\":[]}").withFixedDelay(300)));
		this.contextRunner
			.withPropertyValues("longpoll.listeners.wrapped.payload-pointer=/events",
					"longpoll.listeners.wrapped.cursor.from-body=/last_event_id",
					"longpoll.listeners.wrapped.cursor.query-parameter=last_event_id",
					"longpoll.listeners.wrapped.cursor.initial=0",
					"longpoll.listeners.wrapped.hold-hint.parameter=timeout",
					"longpoll.listeners.wrapped.hold-hint.duration=25s")
			.withBean(WrappedListener.class)
			.run((context) -> {
				WrappedListener listener = context.getBean(WrappedListener.class);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> server.verify(2, getRequestedFor(urlPathEqualTo("/feed"))
						.withQueryParam("last_event_id", equalTo("42"))
						.withQueryParam("timeout", equalTo("25"))));
				assertThat(listener.received).containsExactly(new Event(42, "hi"));
			});
	}

	static class AsyncListener {

		final AtomicInteger calls = new AtomicInteger();

		final CompletableFuture<Void> gate = new CompletableFuture<>();

		@LongPollListener(id = "future", url = "${feed.url}")
		CompletableFuture<Void> future(Event event) {
			this.calls.incrementAndGet();
			return this.gate;
		}

		@LongPollListener(id = "mono", url = "${feed.url}")
		Mono<Void> mono(Event event) {
			this.calls.incrementAndGet();
			return Mono.fromFuture(this.gate);
		}

	}

	@Test
	void asynchronousReturnsAreAwaitedBeforeTheCursorMoves() {
		serveOnceWithCursorThenHold("[{\"id\":1,\"text\":\"a\"}]");
		withCursorDone().withBean(AsyncListener.class).run((context) -> {
			AsyncListener listener = context.getBean(AsyncListener.class);
			LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.calls.get() == 2);
			Thread.sleep(300); // the cursor must not move while the futures are pending
			assertThat(registry.getContainer("future").cursor()).isNull();
			assertThat(registry.getContainer("mono").cursor()).isNull();
			listener.gate.complete(null);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> "done".equals(registry.getContainer("future").cursor())
						&& "done".equals(registry.getContainer("mono").cursor()));
		});
	}

	static class ProxiedListener extends Recorder {

		@LongPollListener(url = "${feed.url}")
		public void onEvent(Event event) {
			add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProxyConfiguration {

		static final AtomicInteger intercepted = new AtomicInteger();

		@Bean
		ProxiedListener proxiedListener() {
			return new ProxiedListener();
		}

		@Bean
		static BeanPostProcessor proxyingPostProcessor() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (!(bean instanceof ProxiedListener)) {
						return bean;
					}
					ProxyFactory factory = new ProxyFactory(bean);
					factory.setProxyTargetClass(true);
					factory.addAdvice((MethodInterceptor) (invocation) -> {
						intercepted.incrementAndGet();
						return invocation.proceed();
					});
					return factory.getProxy();
				}
			};
		}

	}

	@Test
	void proxiedBeansAreFoundAndCalledThroughTheProxyWithADefaultId() {
		serveOnceThenHold("[{\"id\":1,\"text\":\"a\"}]");
		this.contextRunner.withUserConfiguration(ProxyConfiguration.class).run((context) -> {
			LongPollContainer container = context.getBean(LongPollListenerRegistry.class)
				.getContainer("proxied-listener-on-event");
			assertThat(container).isNotNull();
			await().atMost(Duration.ofSeconds(5)).until(() -> ProxyConfiguration.intercepted.get() >= 1);
		});
	}

	static class ManualListener {

		@LongPollListener(id = "manual", url = "${feed.url}-manual", autoStartup = "${manual.start:false}")
		void on(String body) {
		}

	}

	@Test
	void autoStartupFalseWaitsForAnExplicitStart() {
		server.stubFor(get(urlPathEqualTo("/feed-manual")).willReturn(aResponse().withStatus(204).withFixedDelay(200)));
		this.contextRunner.withBean(ManualListener.class).run((context) -> {
			LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
			Thread.sleep(300); // nothing may poll before the start
			assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/feed-manual")))).isEmpty();
			assertThat(registry.getContainer("manual").state()).isEqualTo(ListenerState.CREATED);
			registry.start("manual");
			await().atMost(Duration.ofSeconds(3))
				.until(() -> !server.findAll(getRequestedFor(urlPathEqualTo("/feed-manual"))).isEmpty());
		});
	}

	static class CheckedListener {

		@LongPollListener(id = "checked", url = "${feed.url}")
		void on(Event event) throws java.io.IOException {
			throw new java.io.IOException("disk full");
		}

	}

	@Test
	void checkedExceptionFromTheMethodIsTheFailureAndTheCursorStays() {
		serveOnceWithCursorThenHold("[{\"id\":1,\"text\":\"a\"}]");
		withCursorDone().withBean(CheckedListener.class).run((context) -> {
			LongPollContainer container = context.getBean(LongPollListenerRegistry.class).getContainer("checked");
			await().atMost(Duration.ofSeconds(5)).until(() -> container.consecutiveFailures() >= 2);
			assertThat(container.lastError()).isInstanceOf(java.io.IOException.class).hasMessage("disk full");
			assertThat(container.cursor()).isNull();
		});
	}

	static class HeaderListener {

		@LongPollListener(id = "headers", url = "${feed.url}")
		void on(String body) {
		}

	}

	@Test
	void headersFromDefaultsAndListenerMergeWithPlaceholders() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(200)));
		this.contextRunner
			.withPropertyValues("TOKEN=s3cret", "longpoll.defaults.headers.X-Client=sample",
					"longpoll.listeners.headers.headers.Authorization=Bearer ${TOKEN}")
			.withBean(HeaderListener.class)
			.run((context) -> await().atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> server.verify(getRequestedFor(urlPathEqualTo("/feed"))
					.withHeader("Authorization", equalTo("Bearer s3cret"))
					.withHeader("X-Client", equalTo("sample")))));
	}

}
