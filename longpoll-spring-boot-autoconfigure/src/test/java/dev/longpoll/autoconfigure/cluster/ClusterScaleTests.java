package dev.longpoll.autoconfigure.cluster;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.longpoll.cluster.LeaseCoordinator;
import dev.longpoll.test.LongPollFeedServer;
import dev.longpoll.test.RecordedPoll;

import static org.awaitility.Awaitility.await;

/**
 * The coordination itself at scale, with the default lease timings (6 s, renewed every
 * 2 s): three instances sharing 3,000 listeners on one embedded PostgreSQL. Prints the
 * database transactions per second and the CPU the lease threads spend, the round
 * duration, and how long a crashed instance's whole share takes to move. Opt-in
 * ({@code -Dlongpoll.cluster.scale=true}): it takes about a minute and a half.
 */
class ClusterScaleTests {

	private static final int LISTENERS = 3_000;

	@Test
	void threeInstancesShareThreeThousandListeners() throws Exception {
		Assumptions.assumeTrue(Boolean.getBoolean("longpoll.cluster.scale"),
				"opt-in measurement: run with -Dlongpoll.cluster.scale=true");
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
				LongPollFeedServer feed = LongPollFeedServer.builder().hold(Duration.ofSeconds(25)).start();
				ClusterInstances cluster = ClusterInstances.onPostgres(postgres, "scale", feed, LISTENERS,
						Map.of("longpoll.cluster.lease-ttl", "6s", "longpoll.cluster.renew-interval", "2s",
								"longpoll.http.max-connections", "5000", "longpoll.defaults.timeout", "30s"))) {
			long started = System.nanoTime();
			for (String instance : List.of("a", "b", "c")) {
				cluster.start(instance);
			}
			// leased in buckets: each instance polls at most its share (1,000) and one bucket's listeners less one
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
				.until(() -> List.of("a", "b", "c").stream().allMatch((i) -> cluster.coordinator(i).owned() <= 1_100)
						&& List.of("a", "b", "c").stream().mapToInt((i) -> cluster.coordinator(i).owned()).sum() == LISTENERS);
			System.out.printf("scale: %d listeners spread over 3 instances in %d s: a=%d b=%d c=%d%n", LISTENERS,
					Duration.ofNanos(System.nanoTime() - started).toSeconds(), cluster.coordinator("a").owned(),
					cluster.coordinator("b").owned(), cluster.coordinator("c").owned());

			Thread.sleep(5_000); // settled
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long cpuBefore = PostgresClusterTest.threadsCpu(threads, "longpoll-cluster");
			long transactionsBefore = PostgresClusterTest.transactions(postgres, "scale");
			long window = 20_000;
			Thread.sleep(window);
			double cpuPercent = (PostgresClusterTest.threadsCpu(threads, "longpoll-cluster") - cpuBefore) / 1e6 / window * 100;
			double transactionsPerSecond = (PostgresClusterTest.transactions(postgres, "scale") - transactionsBefore) * 1000.0 / window;
			System.out.printf("scale: lease statements (one transaction each): %.0f/s for 3 instances, %.0f/s per instance; "
					+ "lease threads' CPU %.1f%% of a core in all; last rounds a=%d ms b=%d ms c=%d ms%n",
					transactionsPerSecond, transactionsPerSecond / 3, cpuPercent,
					cluster.coordinator("a").lastRound().toMillis(), cluster.coordinator("b").lastRound().toMillis(),
					cluster.coordinator("c").lastRound().toMillis());

			LeaseCoordinator crashed = cluster.coordinator("c");
			List<String> share = IntStream.range(0, LISTENERS)
				.mapToObj(ClusterInstances::listener)
				.filter((id) -> !crashed.isStandby(id))
				.toList();
			Instant crashedAt = Instant.now();
			cluster.crash("c");
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
				.until(() -> takenOver(feed, crashedAt).keySet().containsAll(share));
			Map<String, Instant> takenOver = takenOver(feed, crashedAt);
			Duration last = share.stream()
				.map((id) -> Duration.between(crashedAt, takenOver.get(id)))
				.max(Duration::compareTo)
				.orElseThrow();
			Duration first = share.stream()
				.map((id) -> Duration.between(crashedAt, takenOver.get(id)))
				.min(Duration::compareTo)
				.orElseThrow();
			System.out.printf("scale: a crash of 'c' moved its %d listeners to a and b between %d ms and %d ms "
					+ "(lease 6 s, rounds 2 s); now a=%d b=%d%n", share.size(), first.toMillis(), last.toMillis(),
					cluster.coordinator("a").owned(), cluster.coordinator("b").owned());
		}
	}

	// the first poll of each listener since the crash by an instance that is not the crashed one
	private static Map<String, Instant> takenOver(LongPollFeedServer feed, Instant since) {
		Map<String, Instant> first = new HashMap<>();
		for (RecordedPoll poll : feed.polls()) {
			if (!poll.received().isBefore(since) && !"c".equals(poll.header("X-Instance"))) {
				first.putIfAbsent(poll.feed(), poll.received());
			}
		}
		return first;
	}

}
