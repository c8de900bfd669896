package dev.longpoll.autoconfigure.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.longpoll.autoconfigure.cluster.ClusterInstances.ChildInstance;
import dev.longpoll.autoconfigure.cluster.ClusterInstances.Handled;
import dev.longpoll.test.LongPollFeedServer;

import static dev.longpoll.autoconfigure.cluster.ClusterInstances.listener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The edges of sharing listeners, on a real PostgreSQL with a trigger that records every
 * cursor {@code UPDATE} that moves a cursor backwards, and the kit's feed server counting
 * polls of one listener open at once: an instance whose database path freezes for 15 s
 * while another's clock runs 30 s ahead (in a JVM of its own, under libfaketime), and a
 * rolling restart of three instances one after another. Each ends with no listener polled
 * by two instances at once, no cursor moved backwards and every event delivered.
 */
class ClusterEdgeTests extends PostgresClusterTest {

	private static final int LISTENERS = 12;

	@Test
	void aFrozenStorePathAndAClockThirtySecondsAheadLeaveOnePollerPerListenerAndNoCursorBackwards() throws Exception {
		String database = newDatabase();
		try (LongPollFeedServer feed = LongPollFeedServer.builder().hold(Duration.ofSeconds(2)).start();
				ClusterInstances cluster = instances(database, feed, LISTENERS);
				FreezableProxy proxy = new FreezableProxy(postgres.getPort())) {
			JdbcTemplate jdbc = prepare(database);
			cluster.start("a");
			cluster.start("b", Map.of("spring.datasource.url",
					postgres.getJdbcUrl("postgres", database).replace(":" + postgres.getPort() + "/", ":" + proxy.port() + "/")));
			try (ChildInstance c = cluster.startProcess("c", Map.of(), "+30s")) {
				await().atMost(Duration.ofSeconds(90)).until(c::started);
				System.out.println("cluster edges: c started at " + Instant.now());
				if (c.shifted) {
					assertThat(c.clockAhead()).as("c's clock ahead, ms").isGreaterThan(29_000);
				}
				await().atMost(Duration.ofSeconds(20))
					.until(() -> holders(jdbc).keySet().containsAll(List.of("a", "b", "c")));
				System.out.println("cluster edges: leases " + holders(jdbc) + " at " + Instant.now());
				try (Publisher publisher = new Publisher(feed)) {
					await().atMost(Duration.ofSeconds(10)).until(() -> publisher.published() > 40);
					List<String> frozenShare = IntStream.range(0, LISTENERS)
						.mapToObj(ClusterInstances::listener)
						.filter((id) -> !cluster.coordinator("b").isStandby(id))
						.toList();
					assertThat(frozenShare).isNotEmpty();
					Instant frozenAt = Instant.now();
					long frozenNanos = System.nanoTime();
					proxy.freeze();
					// the others take b's listeners once its leases expired in the database (2 s), and b stops them
					// before (its watchdog, at 1.5 s) although its round is stuck in the frozen path
					await().atMost(Duration.ofSeconds(8))
						.until(() -> frozenShare.stream()
							.allMatch((id) -> LongPollClusterTests.firstPollByAnother(feed, id, "b", frozenAt) != null));
					Map<String, Long> movedAfter = frozenShare.stream()
						.collect(Collectors.toMap((id) -> id, (id) -> Duration
							.between(frozenAt, LongPollClusterTests.firstPollByAnother(feed, id, "b", frozenAt))
							.toMillis()));
					Thread.sleep(15_000 - Duration.between(frozenAt, Instant.now()).toMillis()); // the stall itself
					long thawNanos = System.nanoTime();
					proxy.thaw();
					List<Handled> byFrozen = ClusterInstances.handled.stream()
						.filter((h) -> h.instance().equals("b") && h.at() > frozenNanos + 2_000_000_000L
								&& h.at() < thawNanos)
						.toList();
					assertThat(byFrozen).as("events handled by b while it could not renew its leases").isEmpty();
					await().atMost(Duration.ofSeconds(10))
						.until(() -> holders(jdbc).keySet().containsAll(List.of("a", "b", "c")));
					publisher.close();
					try {
						await().atMost(Duration.ofSeconds(30)).until(() -> everyCursorAt(jdbc, publisher.published()));
					}
					catch (ConditionTimeoutException ex) {
						System.out.println("cluster edges: not every cursor at " + publisher.published() + ": "
								+ jdbc.queryForList("SELECT listener_id, cursor_value, fence_token FROM longpoll_cursor")
								+ "; leases " + holders(jdbc));
						throw ex;
					}
					System.out.printf("cluster edges: b's path frozen 15 s, c's clock %+d ms: b's %d listeners polled "
							+ "elsewhere after %s ms; %d events per listener, all committed; leases now %s%n",
							c.clockAhead(), frozenShare.size(), movedAfter, publisher.published(), holders(jdbc));
				}
			}
			assertOnePollerAndNoCursorBackwards(feed, jdbc);
		}
	}

	@Test
	void aRollingRestartOfThreeInstancesHandsEveryListenerOverWithinASecond() throws Exception {
		String database = newDatabase();
		try (LongPollFeedServer feed = LongPollFeedServer.builder().hold(Duration.ofSeconds(2)).start();
				ClusterInstances cluster = ClusterInstances.onPostgres(postgres, database, feed, LISTENERS, Map.of())) {
			JdbcTemplate jdbc = prepare(database);
			for (String instance : List.of("a", "b", "c")) {
				cluster.start(instance);
			}
			await().atMost(Duration.ofSeconds(15)).until(() -> LongPollClusterTests.everyListenerOwned(cluster, LISTENERS));
			List<Long> handOvers = new ArrayList<>();
			try (Publisher publisher = new Publisher(feed)) {
				for (String old : List.of("a", "b", "c")) {
					List<String> share = IntStream.range(0, LISTENERS)
						.mapToObj(ClusterInstances::listener)
						.filter((id) -> !cluster.coordinator(old).isStandby(id))
						.toList();
					Instant stoppedAt = Instant.now();
					cluster.stop(old);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> share.stream()
							.allMatch((id) -> LongPollClusterTests.firstPollByAnother(feed, id, old, stoppedAt) != null));
					handOvers.add(share.stream()
						.mapToLong((id) -> Duration
							.between(stoppedAt, LongPollClusterTests.firstPollByAnother(feed, id, old, stoppedAt))
							.toMillis())
						.max()
						.orElse(0));
					String replacement = old + "2";
					cluster.start(replacement);
					await().atMost(Duration.ofSeconds(20))
						.until(() -> LongPollClusterTests.everyListenerOwned(cluster, LISTENERS)
								&& cluster.coordinator(replacement).owned() > 0);
				}
				publisher.close();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> LongPollClusterTests.everyEventHandled(LISTENERS, (int) publisher.published()));
			}
			Map<String, Long> twice = ClusterInstances.handled.stream()
				.collect(Collectors.groupingBy((h) -> h.listener() + "#" + h.event(), Collectors.counting()));
			long duplicates = twice.values().stream().filter((count) -> count > 1).count();
			System.out.printf("cluster edges: rolling restart of a, b, c: hand-overs took %s ms (lease 2 s, rounds "
					+ "500 ms); %d events handled twice%n", handOvers, duplicates);
			assertThat(handOvers).allSatisfy((ms) -> assertThat(ms).isLessThan(1_500));
			assertThat(duplicates).as("events handled twice: every hand-over commits first").isZero();
			assertOnePollerAndNoCursorBackwards(feed, jdbc);
		}
	}

	/**
	 * The cursor table made before any instance starts, with a trigger that records every
	 * update moving a numeric cursor backwards.
	 */
	private static JdbcTemplate prepare(String database) throws IOException {
		DataSource dataSource = postgres.getDatabase("postgres", database);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute(new ClassPathResource("dev/longpoll/cursor/schema-postgresql.sql")
			.getContentAsString(StandardCharsets.UTF_8));
		jdbc.execute("CREATE TABLE cursor_regressions (listener_id VARCHAR(200), old_value VARCHAR(4000), "
				+ "new_value VARCHAR(4000))");
		jdbc.execute("""
				CREATE FUNCTION record_regression() RETURNS trigger AS $$
				BEGIN
				  IF OLD.cursor_value ~ '^[0-9]+$' AND NEW.cursor_value ~ '^[0-9]+$'
				      AND NEW.cursor_value::bigint < OLD.cursor_value::bigint THEN
				    INSERT INTO cursor_regressions VALUES (OLD.listener_id, OLD.cursor_value, NEW.cursor_value);
				  END IF;
				  RETURN NEW;
				END $$ LANGUAGE plpgsql""");
		jdbc.execute("CREATE TRIGGER cursor_regression BEFORE UPDATE ON longpoll_cursor FOR EACH ROW "
				+ "EXECUTE FUNCTION record_regression()");
		return jdbc;
	}

	private static void assertOnePollerAndNoCursorBackwards(LongPollFeedServer feed, JdbcTemplate jdbc) {
		for (int i = 0; i < LISTENERS; i++) {
			assertThat(feed.mostOpenPolls(listener(i))).as("polls of %s open at once", listener(i)).isEqualTo(1);
		}
		assertThat(jdbc.queryForList("SELECT * FROM cursor_regressions")).as("cursors moved backwards").isEmpty();
	}

	// the instances holding bucket leases in the database now, with how many each
	private static Map<String, Long> holders(JdbcTemplate jdbc) {
		Map<String, Long> holders = new HashMap<>();
		jdbc.query("SELECT holder, COUNT(*) FROM longpoll_lease WHERE lease_key LIKE 'longpoll/bucket/%' AND "
				+ "expires_at > CAST(EXTRACT(EPOCH FROM CLOCK_TIMESTAMP()) * 1000 AS BIGINT) GROUP BY holder",
				(row) -> {
					holders.put(row.getString(1), row.getLong(2));
				});
		return holders;
	}

	private static boolean everyCursorAt(JdbcTemplate jdbc, long last) {
		Set<String> at = Set.copyOf(jdbc.queryForList(
				"SELECT listener_id FROM longpoll_cursor WHERE cursor_value = ?", String.class, Long.toString(last)));
		return IntStream.range(0, LISTENERS).mapToObj(ClusterInstances::listener).allMatch(at::contains);
	}

	/**
	 * Publishes event 1, 2, 3… to every listener every 25 ms until closed.
	 */
	static final class Publisher implements AutoCloseable {

		private final AtomicLong published = new AtomicLong();

		private final Thread thread;

		private volatile boolean stopped;

		Publisher(LongPollFeedServer feed) {
			this.thread = new Thread(() -> {
				while (!this.stopped) {
					long next = this.published.get() + 1;
					for (int i = 0; i < LISTENERS; i++) {
						feed.publish(listener(i), Long.toString(next));
					}
					this.published.set(next);
					try {
						Thread.sleep(25);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "publisher");
			this.thread.start();
		}

		long published() {
			return this.published.get();
		}

		@Override
		public void close() throws InterruptedException {
			this.stopped = true;
			this.thread.join();
		}

	}

}
