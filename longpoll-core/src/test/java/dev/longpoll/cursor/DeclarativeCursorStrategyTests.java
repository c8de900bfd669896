package dev.longpoll.cursor;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriComponentsBuilder;

import dev.longpoll.client.ClientOptions;
import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.PollRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cursor described by properties: read from a header, a body pointer or the last
 * element, in that order; sent as a query parameter and/or a header.
 */
class DeclarativeCursorStrategyTests {

	private static LongPollResponse response(String body, String... headers) {
		HttpHeaders httpHeaders = new HttpHeaders();
		for (int i = 0; i < headers.length; i += 2) {
			httpHeaders.add(headers[i], headers[i + 1]);
		}
		return new LongPollResponse(200, httpHeaders, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private static DeclarativeCursorStrategy strategy(String header, String body, String array, String last) {
		return new DeclarativeCursorStrategy(new DeclarativeCursorStrategy.Source(header, body, array, last),
				new DeclarativeCursorStrategy.Target("index", "X-Index"), JsonMapper.shared());
	}

	@Test
	void readsTheFirstSourceThatHasAValue() {
		DeclarativeCursorStrategy strategy = strategy("X-Consul-Index", "/last", "/events", "/id");
		assertThat(strategy.next("1", response("{\"last\":7}", "X-Consul-Index", "42"))).isEqualTo("42");
		assertThat(strategy.next("1", response("{\"last\":7,\"events\":[{\"id\":9}]}"))).isEqualTo("7");
		assertThat(strategy.next("1", response("{\"events\":[{\"id\":8},{\"id\":9}]}"))).isEqualTo("9");
	}

	@Test
	void keepsTheCurrentCursorWhenTheResponseCarriesNone() {
		DeclarativeCursorStrategy strategy = strategy(null, "/last", "", null);
		assertThat(strategy.next("5", response(""))).isEqualTo("5");
		assertThat(strategy.next("5", response("{\"last\":null}"))).isEqualTo("5");
		assertThat(strategy.next("5", response("{\"last\":\"\"}"))).isEqualTo("5");
	}

	@Test
	void textAndNumbersAreReadAsText() {
		DeclarativeCursorStrategy strategy = strategy(null, "/last", "", null);
		assertThat(strategy.next(null, response("{\"last\":\"abc\"}"))).isEqualTo("abc");
		assertThat(strategy.next(null, response("{\"last\":12345678901234}"))).isEqualTo("12345678901234");
	}

	@Test
	void sendsTheCursorEncodedInTheQueryAndAsAHeader() {
		PollRequest.Builder request = PollRequest.builder("id", UriComponentsBuilder.fromUriString("http://feed.test/e?a=1"),
				Duration.ofSeconds(1), 1000, new ClientOptions(Duration.ofSeconds(1), null, false));
		strategy(null, "/last", "", null).apply("a b&c", request);
		PollRequest built = request.build();
		assertThat(built.uri().getRawQuery()).isEqualTo("a=1&index=a%20b%26c");
		assertThat(built.headers().getFirst("X-Index")).isEqualTo("a b&c");
	}

	@Test
	void noCursorYetSendsNothing() {
		PollRequest.Builder request = PollRequest.builder("id", UriComponentsBuilder.fromUriString("http://feed.test/e"),
				Duration.ofSeconds(1), 1000, new ClientOptions(Duration.ofSeconds(1), null, false));
		strategy(null, "/last", "", null).apply(null, request);
		assertThat(request.build().uri().getRawQuery()).isNull();
	}

}
