package dev.longpoll.container;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.backoff.FixedBackOff;

import dev.longpoll.cursor.DeclarativeCursorStrategy;
import dev.longpoll.cursor.InMemoryCursorStore;
import dev.longpoll.cursor.InvalidCursorException;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.LongPollDecodingException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A cursor that cannot be sent is refused where it enters: on a seek, and when a
 * response carries it.
 */
class CursorCheckTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final LoopFixture loops = new LoopFixture();

	private final InMemoryCursorStore store = new InMemoryCursorStore();

	@AfterEach
	void close() {
		this.loops.close();
	}

	@Test
	void aSeekToACursorWithALineBreakIsRefusedAndNothingIsStored() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(1000)));
		LongPollContainer container = this.loops.start(endpoint("after", null));
		assertThatExceptionOfType(InvalidCursorException.class).isThrownBy(() -> container.seek("7\r\nX-Forged: 1"))
			.withMessageContaining("control character (U+000D) at index 1");
		assertThatExceptionOfType(InvalidCursorException.class).isThrownBy(() -> container.seek("x".repeat(100_000)))
			.withMessageContaining("more than the 2048 allowed");
		assertThat(this.store.load("test")).isNull();
		assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
	}

	@Test
	void aSeekToANonAsciiCursorIsRefusedWhenTheCursorTravelsInAHeader() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(1000)));
		LongPollContainer container = this.loops.start(endpoint(null, "X-Cursor"));
		assertThatExceptionOfType(InvalidCursorException.class).isThrownBy(() -> container.seek("café-€"))
			.withMessageContaining("non-ASCII character (U+00E9)");
		assertThat(this.store.load("test")).isNull();
	}

	@Test
	void aResponseWhoseCursorCannotBeSentIsADecodingFailureAndItsEventsAreNotHandled() {
		server.stubFor(get(urlPathEqualTo("/feed"))
			.willReturn(okJson("{\"last\":\"9\\r\\nX-Forged: 1\",\"events\":[9]}").withFixedDelay(20)));
		List<String> handled = new CopyOnWriteArrayList<>();
		LongPollContainer container = this.loops.start(endpoint(null, "X-Cursor")
			.handler((response, cursor) -> Mono.fromRunnable(() -> handled.add(response.bodyAsString()))));
		await().atMost(Duration.ofSeconds(5)).until(() -> container.consecutiveFailures() >= 2);
		assertThat(container.lastError()).isInstanceOf(LongPollDecodingException.class)
			.hasStackTraceContaining("control character (U+000D)");
		assertThat(handled).isEmpty();
		assertThat(this.store.load("test")).isNull();
	}

	private LongPollEndpoint.Builder endpoint(String queryParameter, String header) {
		return this.loops.endpoint(server.baseUrl() + "/feed")
			.backOff(new FixedBackOff(100))
			.cursorStore(this.store)
			.cursorStrategy(new DeclarativeCursorStrategy(new DeclarativeCursorStrategy.Source(null, "/last", "", null),
					new DeclarativeCursorStrategy.Target(queryParameter, header), JsonMapper.shared()));
	}

}
