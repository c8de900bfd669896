package dev.longpoll.event;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.client.WebClientLongPollClient;
import dev.longpoll.container.DefaultLongPollContainerFactory;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.LongPollHandler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Application events leave the Netty event loop before a user's listener sees them, and
 * come in the order things happened.
 */
class ApplicationEventLongPollObserverTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final ExecutorService events = Executors.newSingleThreadExecutor((task) -> new Thread(task, "events"));

	private final WebClientLongPollClient client = new WebClientLongPollClient(
			ConnectionProvider.builder("test").build(), WebClient.builder());

	private final List<String> published = new CopyOnWriteArrayList<>();

	private final ApplicationEventPublisher publisher = (event) -> this.published
		.add(((ApplicationEvent) event).getClass().getSimpleName() + " on " + Thread.currentThread().getName());

	@AfterEach
	void close() {
		this.events.shutdownNow();
		this.client.destroy();
	}

	private LongPollContainer container(String path) {
		LongPollEndpoint endpoint = LongPollEndpoint.builder("events")
			.url(server.baseUrl() + path)
			.handler(LongPollHandler.blocking((response, cursor) -> {
			}))
			.build();
		return new DefaultLongPollContainerFactory(this.client, Schedulers.boundedElastic(), new ApplicationEventLongPollObserver(this.publisher, this.events), List.of(), Duration.ofSeconds(5)).create(endpoint);
	}

	@Test
	void aStopOnTheEventLoopIsPublishedOnTheExecutor() {
		server.stubFor(get(urlPathEqualTo("/gone")).willReturn(aResponse().withStatus(401)));
		LongPollContainer container = container("/gone");
		container.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.published.size() == 2);
		assertThat(container.state()).isEqualTo(ListenerState.FAILED);
		assertThat(this.published).containsExactly("LongPollListenerStartedEvent on " + Thread.currentThread().getName(),
				"LongPollListenerStoppedEvent on events");
	}

	@Test
	void pauseAndResumePublishNoStartedEvent() {
		server.stubFor(get(urlPathEqualTo("/held")).willReturn(aResponse().withStatus(204).withFixedDelay(5000)));
		LongPollContainer container = container("/held");
		container.start();
		container.pause();
		container.resume();
		container.stop().block(Duration.ofSeconds(5));
		assertThat(this.published).extracting((line) -> line.substring(0, line.indexOf(' ')))
			.containsExactly("LongPollListenerStartedEvent", "LongPollListenerStoppedEvent");
	}

}
