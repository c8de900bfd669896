package dev.longpoll.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PollRequestTests {

	private static final ClientOptions OPTIONS = new ClientOptions(Duration.ofSeconds(5), null, false);

	private static PollRequest.Builder builder(String url) {
		return PollRequest.builder("feed", PollRequest.Url.parse(url), Duration.ofSeconds(35), 1024, OPTIONS);
	}

	@Test
	void keepsTheUrlAsWrittenWhenNothingChanges() {
		assertThat(builder("http://feed.test:8080/a/b?x=1&flag&y=%20#top").build().uri())
			.hasToString("http://feed.test:8080/a/b?x=1&flag&y=%20#top");
		assertThat(builder("http://feed.test/a").build().uri().getRawQuery()).isNull();
	}

	@Test
	void replacesEveryValueOfAParameterAndAppendsNewOnesInOrder() {
		PollRequest request = builder("http://feed.test/e?after=1&k=v&after=2#f").queryParam("after", "41")
			.queryParam("timeout", "30")
			.queryParam("after", "42")
			.build();

		assertThat(request.uri()).hasToString("http://feed.test/e?k=v&after=42&timeout=30#f");
	}

	@Test
	void encodesNamesAndValues() {
		PollRequest request = builder("http://feed.test/e").queryParam("a b", "x&y=z é").build();

		assertThat(request.uri().getRawQuery()).isEqualTo("a%20b=x%26y%3Dz%20%C3%A9");
		assertThat(request.uri().getQuery()).isEqualTo("a b=x&y=z é");
	}

	@Test
	void eachBuilderStartsFromTheSameUrl() {
		PollRequest.Url url = PollRequest.Url.parse("http://feed.test/e?a=1");
		PollRequest.builder("feed", url, Duration.ofSeconds(1), 1, OPTIONS).queryParam("a", "2").build();

		assertThat(PollRequest.builder("feed", url, Duration.ofSeconds(1), 1, OPTIONS).build().uri().getQuery())
			.isEqualTo("a=1");
	}

	@Test
	void copiesSharedHeadersOnlyWhenChanged() {
		HttpHeaders shared = new HttpHeaders();
		shared.set("Authorization", "Bearer t");
		HttpHeaders readOnly = HttpHeaders.readOnlyHttpHeaders(shared);

		PollRequest untouched = builder("http://feed.test/e").sharedHeaders(readOnly).build();
		PollRequest changed = builder("http://feed.test/e").sharedHeaders(readOnly).header("X-Index", "7").build();

		assertThat(untouched.headers()).isSameAs(readOnly);
		assertThat(changed.headers().toSingleValueMap()).containsEntry("Authorization", "Bearer t")
			.containsEntry("X-Index", "7");
		assertThat(shared.headerNames()).containsExactly("Authorization");
	}

	@Test
	void refusesAUrlWithoutHost() {
		assertThatIllegalArgumentException().isThrownBy(() -> PollRequest.Url.parse("file:/tmp/feed"))
			.withMessageContaining("no host");
	}

}
