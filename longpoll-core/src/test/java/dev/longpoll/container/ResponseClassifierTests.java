package dev.longpoll.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.longpoll.client.LongPollStatusException;
import dev.longpoll.client.LongPollTimeoutException;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.PayloadSelector;

import static dev.longpoll.container.StubLongPollClient.response;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status table of {@code docs/responses.md} ("What the loop does with each response"), row by row.
 */
class ResponseClassifierTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

	private final ResponseClassifier classifier = classifier(null);

	private static ResponseClassifier classifier(String payloadPointer) {
		return new ResponseClassifier(LongPollEndpoint.builder("table")
			.url("http://feed.test/")
			.payload(new PayloadSelector(payloadPointer, JsonMapper.shared()))
			.handler((response, cursor) -> Mono.empty())
			.build());
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
			"200 | '[{\"id\":1}]' | DELIVER",
			"200 | '{\"id\":1}' | DELIVER",
			"202 | '{\"id\":1}' | DELIVER",
			"204 | '' | EMPTY",
			"200 | '' | EMPTY",
			"200 | '  ' | EMPTY",
			"200 | '[]' | EMPTY",
			"200 | '{}' | EMPTY",
			"304 | '' | NOT_MODIFIED",
			"410 | '' | CURSOR_GONE",
			"408 | '' | IDLE",
			"200 | 'null' | EMPTY",
			"429 | '' | THROTTLED",
			"503 | '' | THROTTLED",
			"500 | 'boom' | FAILED",
			"502 | '' | FAILED",
			"302 | '' | FAILED",
			"409 | '' | FAILED",
			"400 | '' | FATAL",
			"401 | '' | FATAL",
			"403 | '' | FATAL",
			"404 | '' | FATAL",
			"405 | '' | FATAL" })
	void statusTable(int status, String body, Verdict.Kind kind) {
		assertThat(this.classifier.classify(response(status, body), CLOCK).kind()).isEqualTo(kind);
	}

	@Test
	void payloadPointerThatSelectsNothingOrAnEmptyArrayIsEmpty() {
		ResponseClassifier classifier = classifier("/events");
		assertThat(classifier.classify(response(200, "{\"last\":3,\"events\":[]}"), CLOCK).kind())
			.isEqualTo(Verdict.Kind.EMPTY);
		assertThat(classifier.classify(response(200, "{\"last\":3}"), CLOCK).kind()).isEqualTo(Verdict.Kind.EMPTY);
		assertThat(classifier.classify(response(200, "{\"last\":3,\"events\":null}"), CLOCK).kind())
			.isEqualTo(Verdict.Kind.EMPTY);
		assertThat(classifier.classify(response(200, "{\"last\":3,\"events\":[3]}"), CLOCK).kind())
			.isEqualTo(Verdict.Kind.DELIVER);
	}

	@Test
	void throttledCarriesRetryAfterInSecondsOrAsAnHttpDate() {
		assertThat(this.classifier.classify(response(503, "", "Retry-After", "7"), CLOCK).retryAfter())
			.isEqualTo(Duration.ofSeconds(7));
		assertThat(this.classifier.classify(response(429, "", "Retry-After", "Wed, 25 Nov 2026 12:01:00 GMT"), CLOCK)
			.retryAfter()).isEqualTo(Duration.ofMinutes(1));
		assertThat(this.classifier.classify(response(429, "", "Retry-After", "soon"), CLOCK).retryAfter()).isNull();
	}

	@Test
	void fatalAndFailedNameTheListenerStatusAndBody() {
		Verdict fatal = this.classifier.classify(response(401, "{\"error\":\"bad token\"}"), CLOCK);
		assertThat(fatal.cause()).isInstanceOf(LongPollStatusException.class)
			.hasMessageContaining("'table'")
			.hasMessageContaining("401")
			.hasMessageContaining("bad token");
		assertThat(this.classifier.classify(response(302, ""), CLOCK).cause()).hasMessageContaining("follow-redirects");
	}

	@Test
	void anExchangeWithoutAResponseFails() {
		LongPollTimeoutException timeout = new LongPollTimeoutException("table", Duration.ofSeconds(35), 0, false);
		assertThat(this.classifier.classify(timeout).kind()).isEqualTo(Verdict.Kind.FAILED);
	}

}
