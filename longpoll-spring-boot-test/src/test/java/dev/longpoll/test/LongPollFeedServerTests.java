package dev.longpoll.test;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LongPollFeedServerTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void queryAndBodyHandsOutEventsAfterTheCursorAndAnswersAnIdleHoldWithNoEvents() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder().hold(Duration.ofMillis(200)).start()) {
			feed.publish("{\"n\":1}");
			feed.publish("{\"n\":2}");

			assertThat(get(feed.url() + "?after=0").body()).isEqualTo("{\"last\":2,\"events\":[{\"n\":1},{\"n\":2}]}");
			assertThat(get(feed.url() + "?after=1").body()).isEqualTo("{\"last\":2,\"events\":[{\"n\":2}]}");
			HttpResponse<String> idle = get(feed.url() + "?after=2");
			assertThat(idle.statusCode()).isEqualTo(200);
			assertThat(idle.body()).isEqualTo("{\"last\":2,\"events\":[]}");
			assertThat(feed.polls()).extracting(RecordedPoll::cursor).containsExactly(0L, 1L, 2L);
		}
	}

	@Test
	void aHeldPollIsAnsweredAsSoonAsAnEventIsPublished() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.start()) {
			CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(
					HttpRequest.newBuilder(URI.create(feed.url() + "?after=0")).build(),
					HttpResponse.BodyHandlers.ofString());
			feed.awaitOpenPolls(LongPollFeedServer.DEFAULT_FEED, 1, Duration.ofSeconds(5));
			long published = System.nanoTime();
			feed.publishValue(new Order(7));

			assertThat(held.get().body()).isEqualTo("{\"last\":1,\"events\":[{\"id\":7}]}");
			assertThat(Duration.ofNanos(System.nanoTime() - published)).isLessThan(Duration.ofSeconds(1));
			assertThat(feed.mostOpenPolls(LongPollFeedServer.DEFAULT_FEED)).isEqualTo(1);
		}
	}

	@Test
	void indexHeaderSendsTheIndexInAHeaderAndABareArray() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder()
			.style(CursorStyle.INDEX_HEADER)
			.hold(Duration.ofMillis(100))
			.start()) {
			feed.publish("\"a\"");
			HttpResponse<String> events = get(feed.url() + "?index=0");
			assertThat(events.headers().firstValue("X-Index")).hasValue("1");
			assertThat(events.body()).isEqualTo("[\"a\"]");
			HttpResponse<String> idle = get(feed.url() + "?index=1");
			assertThat(idle.headers().firstValue("X-Index")).hasValue("1");
			assertThat(idle.body()).isEqualTo("[]");
		}
	}

	@Test
	void etagAnswersAnIdleHoldNotModified() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder()
			.style(CursorStyle.ETAG)
			.hold(Duration.ofMillis(100))
			.start()) {
			feed.publish("1");
			HttpResponse<String> first = get(feed.url());
			assertThat(first.headers().firstValue("ETag")).hasValue("\"1\"");
			assertThat(first.body()).isEqualTo("[1]");
			HttpResponse<String> idle = get(feed.url(), "If-None-Match", "\"1\"");
			assertThat(idle.statusCode()).isEqualTo(304);
			feed.publish("2");
			assertThat(get(feed.url(), "If-None-Match", "\"1\"").body()).isEqualTo("[2]");
			assertThat(feed.lastPoll().header("if-none-match")).isEqualTo("\"1\"");
		}
	}

	@Test
	void lastModifiedMovesOneSecondPerEvent() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder()
			.style(CursorStyle.LAST_MODIFIED)
			.hold(Duration.ofMillis(100))
			.start()) {
			feed.publish("1");
			feed.publish("2");
			HttpResponse<String> first = get(feed.url());
			String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
			assertThat(first.body()).isEqualTo("[1,2]");
			assertThat(get(feed.url(), "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
			feed.publish("3");
			assertThat(get(feed.url(), "If-Modified-Since", lastModified).body()).isEqualTo("[3]");
		}
	}

	@Test
	void faultsApplyToTheNextPollsInOrder() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder().hold(Duration.ofMillis(100)).start()) {
			feed.publish("1");
			feed.failNext(Fault.status(503).retryAfter(Duration.ofSeconds(3)), Fault.reset(),
					Fault.delay(Duration.ofMillis(300)));

			HttpResponse<String> throttled = get(feed.url() + "?after=0");
			assertThat(throttled.statusCode()).isEqualTo(503);
			assertThat(throttled.headers().firstValue("Retry-After")).hasValue("3");
			// a raw socket: the JDK client would quietly retry a GET on a reset connection
			URI uri = URI.create(feed.url());
			try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
				socket.getOutputStream()
					.write(("GET /feed?after=0 HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				assertThatExceptionOfType(SocketException.class).isThrownBy(() -> socket.getInputStream().read())
					.withMessageContaining("reset");
			}
			long start = System.nanoTime();
			assertThat(get(feed.url() + "?after=0").body()).isEqualTo("{\"last\":1,\"events\":[1]}");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			assertThat(get(feed.url() + "?after=0").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aForgottenPositionIsGone() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder().hold(Duration.ofMillis(100)).start()) {
			for (int i = 1; i <= 5; i++) {
				feed.publish(Integer.toString(i));
			}
			feed.forget(LongPollFeedServer.DEFAULT_FEED, 3);

			assertThat(get(feed.url() + "?after=2").statusCode()).isEqualTo(410);
			assertThat(get(feed.url() + "?after=3").body()).isEqualTo("{\"last\":5,\"events\":[4,5]}");
		}
	}

	@Test
	void namedFeedsAreSeparateAndMaxBatchCutsResponses() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder().maxBatch(2).hold(Duration.ofMillis(100)).start()) {
			feed.publish("orders", "1");
			feed.publish("orders", "2");
			feed.publish("orders", "3");
			feed.publish("4");

			assertThat(get(feed.url("orders") + "?after=0").body()).isEqualTo("{\"last\":2,\"events\":[1,2]}");
			assertThat(get(feed.url() + "?after=0").body()).isEqualTo("{\"last\":1,\"events\":[4]}");
			assertThat(feed.polls("orders")).hasSize(1);
			assertThat(feed.lastEvent("orders")).isEqualTo(3);
		}
	}

	@Test
	void anIdleStatusReplacesTheStylesIdleAnswer() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder().idleStatus(204).hold(Duration.ofMillis(50)).start()) {
			assertThat(get(feed.url() + "?after=0").statusCode()).isEqualTo(204);
		}
	}

	@Test
	void listenerPropertiesFollowTheStyle() {
		try (LongPollFeedServer feed = LongPollFeedServer.builder().style(CursorStyle.INDEX_HEADER).start()) {
			assertThat(feed.listenerProperties("orders")).containsEntry("longpoll.listeners.orders.url", feed.url())
				.containsEntry("longpoll.listeners.orders.cursor.from-header", "X-Index")
				.containsEntry("longpoll.listeners.orders.cursor.query-parameter", "index")
				.containsEntry("longpoll.listeners.orders.timeout", "35000ms");
		}
	}

	record Order(int id) {
	}

}
