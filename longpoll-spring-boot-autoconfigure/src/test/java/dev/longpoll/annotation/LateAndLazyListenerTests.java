package dev.longpoll.annotation;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.Scope;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollListenerRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners on beans that are not created at startup: lazy initialization, lazy beans,
 * scoped beans that come and go, and prototypes.
 */
class LateAndLazyListenerTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	static class Events {

		final List<String> received = new CopyOnWriteArrayList<>();

		@LongPollListener(id = "late", url = "${feed.url}")
		void on(String body) {
			this.received.add(body);
		}

	}

	private static void oneEventThenHold() {
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("late").whenScenarioStateIs(STARTED)
			.willReturn(okJson("[{\"id\":1}]")).willSetStateTo("held"));
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("late").whenScenarioStateIs("held")
			.willReturn(aResponse().withStatus(204).withFixedDelay(1000)));
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
				JacksonAutoConfiguration.class))
		.withPropertyValues("feed.url=" + server.baseUrl() + "/feed");

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class LazyApp {

		@Bean
		Events events() {
			return new Events();
		}

	}

	@Test
	void lazyInitializationStillStartsEveryListener() {
		oneEventThenHold();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LazyApp.class)
			.web(WebApplicationType.NONE)
			.lazyInitialization(true)
			.properties("feed.url=" + server.baseUrl() + "/feed", "spring.main.banner-mode=off")
			.run()) {
			Events events = context.getBean(Events.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> events.received.size() == 1);
		}
	}

	@Test
	void aLazyBeanCreatedAfterStartupRegistersAndStartsItsListener() {
		oneEventThenHold();
		this.contextRunner.withBean(Events.class, Events::new, (definition) -> definition.setLazyInit(true))
			.run((context) -> {
				LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
				assertThat(registry.getContainer("late")).isNull();
				Events events = context.getBean(Events.class);
				assertThat(registry.getContainer("late")).isNotNull()
					.satisfies((container) -> assertThat(container.state()).isEqualTo(ListenerState.RUNNING));
				await().atMost(Duration.ofSeconds(5)).until(() -> events.received.size() == 1);
			});
	}

	@Test
	void aScopedBeanRegistersWhenCreatedAndUnregistersWhenDestroyed() {
		oneEventThenHold();
		SwitchableScope scope = new SwitchableScope();
		this.contextRunner.withInitializer((context) -> context.getBeanFactory().registerScope("switchable", scope))
			.withBean(Events.class, Events::new, (definition) -> definition.setScope("switchable"))
			.run((context) -> {
				LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
				Events events = context.getBean(Events.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> events.received.size() == 1);
				scope.end();
				await().atMost(Duration.ofSeconds(5)).until(() -> registry.getContainer("late") == null);
				context.getBean(Events.class); // a new instance, a new listener
				assertThat(registry.getContainer("late")).isNotNull();
			});
	}

	@Test
	void aPrototypeBeanIsRefusedWithAMessageNamingIt() {
		this.contextRunner.withBean("prototypeEvents", Events.class, Events::new,
				(definition) -> definition.setScope("prototype"))
			.run((context) -> assertThat(org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
					() -> context.getBean("prototypeEvents")))
				.rootCause()
				.hasMessageContaining("on bean 'prototypeEvents'")
				.hasMessageContaining("prototype"));
	}

	/**
	 * A scope whose beans live until {@link #end()} destroys them.
	 */
	static class SwitchableScope implements Scope {

		private final Map<String, Object> beans = new HashMap<>();

		private final Map<String, Runnable> destructions = new HashMap<>();

		@Override
		public synchronized Object get(String name, ObjectFactory<?> factory) {
			return this.beans.computeIfAbsent(name, (key) -> factory.getObject());
		}

		@Override
		public synchronized @Nullable Object remove(String name) {
			this.destructions.remove(name);
			return this.beans.remove(name);
		}

		@Override
		public synchronized void registerDestructionCallback(String name, Runnable callback) {
			this.destructions.put(name, callback);
		}

		@Override
		public @Nullable Object resolveContextualObject(String key) {
			return null;
		}

		@Override
		public @Nullable String getConversationId() {
			return null;
		}

		synchronized void end() {
			this.destructions.values().forEach(Runnable::run);
			this.destructions.clear();
			this.beans.clear();
		}

	}

}
