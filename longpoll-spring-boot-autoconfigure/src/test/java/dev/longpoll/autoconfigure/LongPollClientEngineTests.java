package dev.longpoll.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.ClientRequest;

import dev.longpoll.client.LongPollClient;
import dev.longpoll.client.WebClientLongPollClient;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.handler.LongPollHandler;
import dev.longpoll.test.LongPollFeedServer;
import dev.longpoll.test.RecordedPoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code longpoll.http.client}: what sends the polls of a running application, against the
 * kit's feed server. An application filter reaches the server under {@code auto} and
 * {@code webclient}, not under {@code reactor-netty}; without one, {@code auto} goes
 * straight to Reactor Netty and the events arrive all the same.
 */
class LongPollClientEngineTests {

	private static final WebClientCustomizer FILTER = (builder) -> builder
		.filter((request, next) -> next.exchange(ClientRequest.from(request).header("X-Filtered", "yes").build()));

	/** The application, with the feed server's cursor settings for the listener "engine". */
	private static ApplicationContextRunner runner(LongPollFeedServer server, String... properties) {
		List<String> all = new java.util.ArrayList<>(List.of(properties));
		server.listenerProperties("engine").forEach((key, value) -> all.add(key + "=" + value));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
					JacksonAutoConfiguration.class))
			.withPropertyValues(all.toArray(String[]::new));
	}

	@Test
	void autoGoesStraightToReactorNettyWithoutAFilterAndDeliversTheSame() {
		try (LongPollFeedServer server = LongPollFeedServer.builder().hold(Duration.ofSeconds(5)).start()) {
			runner(server).run((context) -> {
				assertThat(((WebClientLongPollClient) context.getBean(LongPollClient.class)).viaWebClient()).isFalse();
				List<String> received = receive(server, context.getBean(LongPollListenerRegistry.class));
				assertThat(received).containsExactly("{\"n\":1}", "{\"n\":2}");
				assertThat(server.polls("engine")).allSatisfy((poll) -> assertThat(poll.headers()).doesNotContainKey("x-filtered"));
			});
		}
	}

	@Test
	void anApplicationFilterAppliesUnderAutoAndWebClientButNotUnderReactorNetty() {
		for (String engine : List.of("auto", "webclient", "reactor-netty")) {
			try (LongPollFeedServer server = LongPollFeedServer.builder().hold(Duration.ofSeconds(5)).start()) {
				runner(server, "longpoll.http.client=" + engine).withBean(WebClientCustomizer.class, () -> FILTER)
					.run((context) -> {
						boolean viaWebClient = !engine.equals("reactor-netty");
						assertThat(((WebClientLongPollClient) context.getBean(LongPollClient.class)).viaWebClient())
							.as(engine)
							.isEqualTo(viaWebClient);
						assertThat(receive(server, context.getBean(LongPollListenerRegistry.class)))
							.containsExactly("{\"n\":1}", "{\"n\":2}");
						List<RecordedPoll> polls = server.polls("engine");
						assertThat(polls).isNotEmpty().allSatisfy((poll) -> assertThat(poll.headers().get("x-filtered"))
							.as(engine)
							.isEqualTo(viaWebClient ? List.of("yes") : null));
					});
			}
		}
	}

	private static List<String> receive(LongPollFeedServer server, LongPollListenerRegistry registry) {
		List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		registry.register("engine", server.url("engine"), LongPollHandler.blocking((response, cursor) -> tools.jackson.databind.json.JsonMapper
			.shared()
			.readTree(response.body())
			.get("events")
			.forEach((event) -> received.add(event.toString()))));
		registry.start("engine");
		server.awaitOpenPolls("engine", 1, Duration.ofSeconds(10));
		server.publish("engine", "{\"n\":1}");
		server.publish("engine", "{\"n\":2}");
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
		return received;
	}

}
