package dev.longpoll.http2;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.longpoll.client.LongPollClient;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.handler.LongPollHandler;
import dev.longpoll.test.NginxNchanServer;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners over cleartext HTTP/2 against a real nginx with the Nchan module: a thousand
 * listeners on a thousand channels share a few connections while nginx sends a GOAWAY
 * every 200 requests, and a frozen nginx ({@code kill -STOP}) is found by PING long
 * before any poll's timeout.
 */
@ExtendWith(OutputCaptureExtension.class)
class NginxNchanHttp2Tests {

	private static final int LISTENERS = 1_000;

	// nginx's http2_max_concurrent_streams is 128: ceil(1000 / 128) + 1
	private static final int MOST_CONNECTIONS = (LISTENERS + 127) / 128 + 1;

	@Test
	void aThousandListenersPollOnNineConnectionsThroughAGoAwayEveryTwoHundredRequests(CapturedOutput output)
			throws Exception {
		try (NginxNchanServer nginx = NginxNchanServer.startOrSkip(200, Duration.ofSeconds(30))) {
			Http2TestSupport.runner(properties("longpoll.defaults.timeout=40s")).run((context) -> {
				Subscribers subscribers = new Subscribers(nginx, LISTENERS);
				subscribers.register(context.getBean(LongPollListenerRegistry.class));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> Http2TestSupport.gaugeSum(meters, "longpoll.http.streams.active") == LISTENERS);
				LongPollClient client = context.getBean(LongPollClient.class);
				AtomicInteger most = new AtomicInteger();
				AtomicInteger mostTakingPolls = new AtomicInteger();
				Disposable sampling = Flux.interval(Duration.ofMillis(20)).subscribe((tick) -> {
					most.accumulateAndGet(connections(client), Math::max);
					mostTakingPolls.accumulateAndGet(takingPolls(client), Math::max);
				});
				int held = connections(client);
				int rounds = 5; // 6,000 polls at least: 30 GOAWAYs
				for (int n = 1; n <= rounds; n++) {
					subscribers.publishToAll(n);
					int upTo = n;
					await().atMost(Duration.ofSeconds(30)).until(() -> subscribers.allReceivedExactly(upTo));
				}
				await().atMost(Duration.ofSeconds(30))
					.until(() -> Http2TestSupport.gaugeSum(meters, "longpoll.http.streams.active") == LISTENERS);
				sampling.dispose();
				int after = connections(client);
				System.out.printf("nginx/Nchan over h2c: %d listeners held their polls on %d connections; after %d"
						+ " rounds (%d events, a GOAWAY every 200 requests) %d open, %d of them taking new polls; at"
						+ " most %d open at once, at most %d taking new polls%n", LISTENERS, held, rounds,
						subscribers.polls.get(), after, takingPolls(client), most.get(), mostTakingPolls.get());
				assertThat(subscribers.notExactly(rounds)).isEmpty();
				assertThat(held).isLessThanOrEqualTo(MOST_CONNECTIONS);
				// a connection nginx retired with a GOAWAY keeps the polls it holds until they end
				assertThat(mostTakingPolls.get()).isLessThanOrEqualTo(MOST_CONNECTIONS);
				assertThat(meters.find("longpoll.polls").tag("outcome", "error").counters())
					.allSatisfy((counter) -> assertThat(counter.count()).isZero());
				assertThat(context.getBean(LongPollListenerRegistry.class).getContainers())
					.allSatisfy((container) -> assertThat(container.consecutiveFailures()).isZero());
			});
		}
		assertThat(Http2TestSupport.ourWarnings(output)).isEmpty();
	}

	@Test
	void aFrozenNginxIsFoundByPingLongBeforeThePollsTimeOut() throws Exception {
		try (NginxNchanServer nginx = NginxNchanServer.startOrSkip(1000, Duration.ofSeconds(55))) {
			Http2TestSupport
				.runner(properties("longpoll.defaults.timeout=60s", "longpoll.http.h2.ping-interval=2s",
						"longpoll.http.h2.ping-ack-timeout=1s"))
				.run((context) -> {
					Subscribers subscribers = new Subscribers(nginx, 50);
					subscribers.register(context.getBean(LongPollListenerRegistry.class));
					MeterRegistry meters = context.getBean(MeterRegistry.class);
					await().atMost(Duration.ofSeconds(30))
						.until(() -> Http2TestSupport.gaugeSum(meters, "longpoll.http.streams.active") == 50);
					long frozen = System.nanoTime();
					nginx.freeze();
					LongPollClient client = context.getBean(LongPollClient.class);
					await().atMost(Duration.ofSeconds(20)).until(() -> connections(client) == 0);
					Duration found = Duration.ofNanos(System.nanoTime() - frozen);
					nginx.thaw();
					subscribers.publishToAll(1);
					await().atMost(Duration.ofSeconds(30)).until(() -> subscribers.allReceivedExactly(1));
					System.out.printf("nginx/Nchan over h2c: a frozen nginx's connection closed %d ms after kill -STOP"
							+ " (PING after 2 s of silence, 1 s for its answer; poll timeout 60 s)%n", found.toMillis());
					assertThat(found).isLessThan(Duration.ofSeconds(10));
					assertThat(subscribers.notExactly(1)).isEmpty();
				});
		}
	}

	private static List<String> properties(String... more) {
		List<String> properties = new java.util.ArrayList<>(List.of("longpoll.http.protocol=h2c",
				"longpoll.defaults.cursor.etag=true", "longpoll.defaults.cursor.last-modified=true"));
		properties.addAll(List.of(more));
		return properties;
	}

	private static int connections(LongPollClient client) {
		return client.connections().usage().stream().mapToInt((usage) -> usage.connections()).sum();
	}

	private static int takingPolls(LongPollClient client) {
		return client.connections().usage().stream().mapToInt((usage) -> usage.connections() - usage.draining()).sum();
	}

	/**
	 * One listener per Nchan channel, recording the message numbers it is handed.
	 */
	private static final class Subscribers {

		private final NginxNchanServer nginx;

		private final int count;

		private final Map<String, List<Integer>> received = new ConcurrentHashMap<>();

		private final AtomicInteger polls = new AtomicInteger();

		Subscribers(NginxNchanServer nginx, int count) {
			this.nginx = nginx;
			this.count = count;
		}

		void register(LongPollListenerRegistry registry) {
			for (int i = 0; i < this.count; i++) {
				String id = "ch" + i;
				List<Integer> events = new CopyOnWriteArrayList<>();
				this.received.put(id, events);
				registry.register(id, this.nginx.subscribeUrl(id), LongPollHandler.blocking((response, cursor) -> {
					this.polls.incrementAndGet();
					events.add(JsonMapper.shared().readTree(response.body()).get("n").asInt());
				}));
				registry.start(id);
			}
		}

		void publishToAll(int n) throws Exception {
			for (int i = 0; i < this.count; i++) {
				this.nginx.publish("ch" + i, "{\"n\":" + n + "}");
			}
		}

		boolean allReceivedExactly(int n) {
			return notExactly(n).isEmpty();
		}

		Map<String, List<Integer>> notExactly(int n) {
			return Http2TestSupport.notExactly(this.received, n);
		}

	}

}
