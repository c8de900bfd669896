package dev.longpoll.container;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.annotation.LongPollListener;
import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.handler.DeadLetterHandler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Error policies for a handler that keeps failing, and cursor expiry and regression,
 * against WireMock. Event 13 is poison: the handler always throws on it.
 */
class ErrorPolicyAndCursorRecoveryTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
				JacksonAutoConfiguration.class))
		.withPropertyValues("feed.url=" + server.baseUrl() + "/feed", "longpoll.defaults.backoff.initial-interval=10ms",
				"longpoll.defaults.backoff.max-interval=50ms",
				"longpoll.defaults.backoff.jitter=0ms", "longpoll.defaults.min-empty-poll-interval=0ms",
				"longpoll.listeners.policy.cursor.from-last-element=/id",
				"longpoll.listeners.policy.cursor.query-parameter=after", "longpoll.listeners.policy.cursor.initial=0");

	record Event(int id) {
	}

	static class PoisonListener {

		final List<Integer> handled = new CopyOnWriteArrayList<>();

		@LongPollListener(id = "policy", url = "${feed.url}")
		void on(Event event) {
			if (event.id() == 13) {
				throw new IllegalStateException("poison " + event.id());
			}
			this.handled.add(event.id());
		}

	}

	private static void poisonThenGood() {
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("0"))
			.willReturn(okJson("[{\"id\":12},{\"id\":13}]")));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("13"))
			.willReturn(okJson("[{\"id\":14}]")));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("14"))
			.willReturn(aResponse().withStatus(204).withFixedDelay(1000)));
	}

	@Test
	void defaultPolicyRetriesForeverAndNeverMovesPastThePoison() throws InterruptedException {
		poisonThenGood();
		this.contextRunner.withBean(PoisonListener.class).run((context) -> {
			LongPollContainer container = context.getBean(LongPollListenerRegistry.class).getContainer("policy");
			await().atMost(Duration.ofSeconds(5)).until(() -> container.consecutiveFailures() >= 10);
			assertThat(container.cursor()).isEqualTo("0");
			assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
			server.verify(0, getRequestedFor(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("13")));
		});
	}

	@Test
	void skipAfterRetriesMovesOnAndCountsIt() {
		poisonThenGood();
		RecordingObserver observer = new RecordingObserver();
		List<Integer> skipped = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withPropertyValues("longpoll.listeners.policy.error-policy.action=skip",
					"longpoll.listeners.policy.error-policy.max-retries=2")
			.withBean(PoisonListener.class)
			.withBean(LongPollObserver.class, () -> new LongPollObserver() {
				@Override
				public void onSkipped(LongPollContainer container, int events, String excerpt, Throwable cause,
						boolean deadLettered) {
					skipped.add(events);
				}
			})
			.withBean(RecordingObserver.class, () -> observer)
			.run((context) -> {
				PoisonListener listener = context.getBean(PoisonListener.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> listener.handled.contains(14));
				assertThat(skipped).containsExactly(2);
				assertThat(observer.failures).hasSize(2);
				assertThat(observer.outcomes).contains(PollOutcome.SKIPPED);
				// 12 is handled on each of the three attempts: at-least-once
				assertThat(listener.handled).containsExactly(12, 12, 12, 14);
			});
	}

	@Test
	void deadLetterHandsTheRawResponseOverThenMovesOn() {
		poisonThenGood();
		List<String> deadLetters = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withPropertyValues("longpoll.listeners.policy.error-policy.action=dead-letter",
					"longpoll.listeners.policy.error-policy.max-retries=1")
			.withBean(PoisonListener.class)
			.withBean(DeadLetterHandler.class, () -> (listenerId, response, cause) -> deadLetters
				.add(listenerId + " " + response.bodyAsString() + " " + cause.getMessage()))
			.run((context) -> {
				PoisonListener listener = context.getBean(PoisonListener.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> listener.handled.contains(14));
				assertThat(deadLetters).containsExactly("policy [{\"id\":12},{\"id\":13}] poison 13");
			});
	}

	@Test
	void deadLetterWithoutAHandlerFailsStartup() {
		this.contextRunner.withPropertyValues("longpoll.listeners.policy.error-policy.action=dead-letter")
			.withBean(PoisonListener.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("the error policy is 'dead-letter' but there is no DeadLetterHandler bean"));
	}

	@Test
	void stopPolicyStopsTheListenerWithItsReason() {
		poisonThenGood();
		this.contextRunner
			.withPropertyValues("longpoll.listeners.policy.error-policy.action=stop",
					"longpoll.listeners.policy.error-policy.max-retries=1")
			.withBean(PoisonListener.class)
			.run((context) -> {
				LongPollContainer container = context.getBean(LongPollListenerRegistry.class).getContainer("policy");
				await().atMost(Duration.ofSeconds(5)).until(() -> container.state() == ListenerState.FAILED);
				assertThat(container.stopReason()).isEqualTo(StopReason.ERROR_POLICY);
				assertThat(container.cursor()).isEqualTo("0");
			});
	}

	@Test
	void goneResetsToTheInitialCursorAndASecondGoneInARowStops() {
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("0"))
			.willReturn(okJson("[{\"id\":5}]")));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("5"))
			.willReturn(aResponse().withStatus(410)));
		this.contextRunner.withBean(PoisonListener.class).run((context) -> {
			PoisonListener listener = context.getBean(PoisonListener.class);
			LongPollContainer container = context.getBean(LongPollListenerRegistry.class).getContainer("policy");
			// 0 -> 5 -> 410: reset to 0 -> 5 again -> 410 -> reset (a success came in between) ...
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.handled.size() >= 3);
			assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
			server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("0"))
				.willReturn(aResponse().withStatus(410)));
			// now 410 right after the reset: stop instead of looping, and forget the expired cursor
			await().atMost(Duration.ofSeconds(5)).until(() -> container.state() == ListenerState.FAILED);
			assertThat(container.stopReason()).isEqualTo(StopReason.CURSOR_EXPIRED);
			assertThat(container.lastError()).hasMessageContaining("cursor expired").hasMessageNotContaining("fatal");
		});
	}

	@Test
	void numericCursorThatGoesBackwardsIsReset() {
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("0"))
			.willReturn(okJson("[{\"id\":100}]")));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("100"))
			.willReturn(okJson("[{\"id\":7}]")));
		this.contextRunner.withBean(PoisonListener.class).run((context) -> {
			PoisonListener listener = context.getBean(PoisonListener.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.handled.size() >= 4);
			assertThat(listener.handled).startsWith(100, 7, 100, 7);
		});
	}

}
