package dev.longpoll.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets never reach a log or an endpoint: user info and secret-looking query values.
 */
class UrlRedactorTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"https://user:pass@feed.example.com/events | https://******@feed.example.com/events",
			"https://feed.example.com/events?access_token=abc&after=5 | https://feed.example.com/events?access_token=******&after=5",
			"https://feed.example.com/e?apiKey=1;sig=2 | https://feed.example.com/e?apiKey=******;sig=******",
			"https://feed.example.com/e?Password=x#frag | https://feed.example.com/e?Password=******#frag",
			"https://feed.example.com/e?after=5&wait=30 | https://feed.example.com/e?after=5&wait=30" })
	void redacts(String url, String redacted) {
		assertThat(UrlRedactor.redact(url)).isEqualTo(redacted);
	}

}
