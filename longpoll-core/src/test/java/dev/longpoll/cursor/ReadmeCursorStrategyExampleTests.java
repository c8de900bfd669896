package dev.longpoll.cursor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.PollRequest;
import dev.longpoll.container.LoopFixture;
import dev.longpoll.endpoint.LongPollEndpointCustomizer;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code CursorStrategy} example of {@code docs/responses.md} ("A cursor of your own"),
 * as written there, against a server that speaks its protocol.
 */
class ReadmeCursorStrategyExampleTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	/** The server answers {"position": {"epoch": 3, "seq": 17}, "events": [...]} and wants ?epoch=3&after=17. */
	static class EpochCursor implements CursorStrategy {

		@Override
		public void apply(@Nullable String cursor, PollRequest.Builder request) {
			if (cursor != null) { // null on the first poll: the server starts from the beginning
				String[] parts = cursor.split(":");
				request.queryParam("epoch", parts[0]).queryParam("after", parts[1]);
			}
		}

		@Override
		public @Nullable String next(@Nullable String current, LongPollResponse response) {
			JsonNode position = response.hasEmptyBody() ? null : response.json(JsonMapper.shared()).get("position");
			return (position != null) ? position.get("epoch").asLong() + ":" + position.get("seq").asLong() : current;
		}

	}

	LongPollEndpointCustomizer epochCursor() {
		return (endpoint) -> {
			if (endpoint.id().equals("test")) {
				endpoint.cursorStrategy(new EpochCursor());
			}
		};
	}

	@Test
	void theExampleReadsTheCombinedCursorAndSendsItInTwoParameters() {
		server.stubFor(get(urlPathEqualTo("/orders")).withQueryParam("epoch", absent())
			.willReturn(okJson("{\"position\":{\"epoch\":3,\"seq\":17},\"events\":[1]}")));
		server.stubFor(get(urlPathEqualTo("/orders")).withQueryParam("epoch", equalTo("3"))
			.withQueryParam("after", equalTo("17"))
			.willReturn(okJson("{\"position\":{\"epoch\":3,\"seq\":18},\"events\":[2]}")));
		server.stubFor(get(urlPathEqualTo("/orders")).withQueryParam("after", equalTo("18"))
			.willReturn(aResponse().withStatus(204).withFixedDelay(500)));
		List<String> cursors = new CopyOnWriteArrayList<>();
		try (LoopFixture loops = new LoopFixture()) {
			var endpoint = loops.endpoint(server.baseUrl() + "/orders")
				.handler((response, cursor) -> Mono.fromRunnable(() -> cursors.add(cursor)));
			epochCursor().customize(endpoint);
			loops.start(endpoint);
			await().atMost(Duration.ofSeconds(5)).until(() -> cursors.size() == 2);
			assertThat(cursors).containsExactly("3:17", "3:18");
		}
	}

}
