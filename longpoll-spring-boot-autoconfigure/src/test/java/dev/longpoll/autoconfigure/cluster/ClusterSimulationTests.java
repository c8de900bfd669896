package dev.longpoll.autoconfigure.cluster;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.longpoll.cluster.ClusterOptions;
import dev.longpoll.cluster.JdbcLeaseStore;
import dev.longpoll.cluster.LeaseCoordinator;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.container.StopReason;
import dev.longpoll.endpoint.LongPollEndpoint;

import static org.awaitility.Awaitility.await;

/**
 * The coordination alone at scale, with the default lease timings (6 s, renewed every
 * 2 s) and 256 buckets: coordinators with their own connection pools on one embedded
 * PostgreSQL, sharing listeners that do not poll (each records when it was started), so
 * that only leases and rounds are measured. Prints the lease statements per second and per
 * instance (PostgreSQL's committed transactions: every lease statement commits on its
 * own), the CPU time of the coordinators' threads, the round time, the spread, and how long
 * a crash, a graceful leave and a join take. Opt-in ({@code -Dlongpoll.cluster.simulation=true}):
 * 30,000 listeners on 3 instances take about a minute, 1,000,000 on 20 about four.
 */
class ClusterSimulationTests {

	private static final LongPollEndpoint ENDPOINT = LongPollEndpoint.builder("simulated")
		.url("http://localhost:1/never")
		.handler((response, cursor) -> Mono.empty())
		.build();

	@Test
	void thirtyThousandListenersOnThreeInstances() throws Exception {
		simulate(30_000, 3, false);
	}

	@Test
	void aMillionListenersOnTwentyInstances() throws Exception {
		simulate(1_000_000, 20, true);
	}

	private static void simulate(int listeners, int instances, boolean joinAndLeave) throws Exception {
		Assumptions.assumeTrue(Boolean.getBoolean("longpoll.cluster.simulation"),
				"opt-in measurement: run with -Dlongpoll.cluster.simulation=true");
		String label = String.format("simulation %,d listeners / %d instances:", listeners, instances);
		List<String> ids = new ArrayList<>(listeners);
		for (int i = 0; i < listeners; i++) {
			ids.add("listener-" + i);
		}
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			try (Connection connection = postgres.getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE simulation");
			}
			new JdbcTemplate(postgres.getDatabase("postgres", "simulation"))
				.execute(new ClassPathResource("dev/longpoll/cluster/schema-lease-postgresql.sql")
					.getContentAsString(StandardCharsets.UTF_8));
			Map<String, Instance> cluster = new LinkedHashMap<>();
			long started = System.nanoTime();
			for (int i = 0; i < instances; i++) {
				Instance instance = new Instance(postgres, "i" + i, ids);
				cluster.put(instance.name, instance);
			}
			int share = (listeners + instances - 1) / instances;
			await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
				.until(() -> owned(cluster) == listeners && spread(cluster) <= share * 11 / 10);
			System.out.printf("%s spread in %d s: owned from %d to %d (fair share %d)%n", label,
					Duration.ofNanos(System.nanoTime() - started).toSeconds(), least(cluster), spread(cluster), share);

			Thread.sleep(6_000); // settled
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long cpuBefore = PostgresClusterTest.threadsCpu(threads, "longpoll-cluster");
			long statementsBefore = PostgresClusterTest.transactions(postgres, "simulation");
			long window = 20_000;
			Thread.sleep(window);
			double cpuPercent = (PostgresClusterTest.threadsCpu(threads, "longpoll-cluster") - cpuBefore) / 1e6 / window * 100;
			double statements = (PostgresClusterTest.transactions(postgres, "simulation") - statementsBefore) * 1000.0 / window;
			List<Long> rounds = cluster.values().stream().map((i) -> i.coordinator.lastRound().toMillis()).sorted().toList();
			System.out.printf("%s lease statements %.1f/s per instance (%.0f/s in all); coordination CPU %.3f%% of a core"
					+ " per instance (%.2f%% in all); round time median %d ms, longest %d ms%n", label,
					statements / instances, statements, cpuPercent / instances, cpuPercent,
					rounds.get(rounds.size() / 2), rounds.get(rounds.size() - 1));

			Instance crashed = cluster.remove("i0");
			List<String> share0 = crashed.owned();
			long crashedAt = System.nanoTime();
			crashed.coordinator.halt();
			Duration crash = awaitStartedElsewhere(cluster, share0, crashedAt);
			System.out.printf("%s a crash moved %,d listeners, the last started elsewhere after %d ms%n", label,
					share0.size(), crash.toMillis());
			crashed.close();
			if (joinAndLeave) {
				Instance leaving = cluster.remove("i1");
				List<String> share1 = leaving.owned();
				long leftAt = System.nanoTime();
				leaving.coordinator.stop().block(Duration.ofSeconds(30));
				Duration leave = awaitStartedElsewhere(cluster, share1, leftAt);
				leaving.close();
				long joinedAt = System.nanoTime();
				Instance joining = new Instance(postgres, "joiner", ids);
				cluster.put(joining.name, joining);
				int newShare = (listeners + cluster.size() - 1) / cluster.size();
				await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
					.until(() -> joining.coordinator.owned() >= newShare * 9 / 10 && owned(cluster) == listeners);
				Duration join = Duration.ofNanos(System.nanoTime() - joinedAt);
				System.out.printf("%s a graceful leave moved %,d listeners, the last started elsewhere after %d ms; "
						+ "a new instance reached 90%% of its share (%,d) after %d ms%n", label, share1.size(),
						leave.toMillis(), newShare, join.toMillis());
			}
			cluster.values().forEach(Instance::close);
		}
	}

	private static Duration awaitStartedElsewhere(Map<String, Instance> cluster, List<String> moved, long since) {
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
			.until(() -> moved.stream().allMatch((id) -> startedElsewhere(cluster, id, since) != 0));
		long last = moved.stream().mapToLong((id) -> startedElsewhere(cluster, id, since)).max().orElse(since);
		return Duration.ofNanos(last - since);
	}

	private static long startedElsewhere(Map<String, Instance> cluster, String id, long since) {
		for (Instance instance : cluster.values()) {
			IdleContainer container = instance.containers.get(id);
			if (container.running && container.startedAt - since > 0) {
				return container.startedAt;
			}
		}
		return 0;
	}

	private static int owned(Map<String, Instance> cluster) {
		return cluster.values().stream().mapToInt((i) -> i.coordinator.owned()).sum();
	}

	private static int spread(Map<String, Instance> cluster) {
		return cluster.values().stream().mapToInt((i) -> i.coordinator.owned()).max().orElse(0);
	}

	private static int least(Map<String, Instance> cluster) {
		return cluster.values().stream().mapToInt((i) -> i.coordinator.owned()).min().orElse(0);
	}

	/** One simulated instance: a coordinator with a pool of its own, and its copy of every listener. */
	private static final class Instance implements AutoCloseable {

		final String name;

		final HikariDataSource dataSource = new HikariDataSource();

		final Map<String, IdleContainer> containers;

		final LeaseCoordinator coordinator;

		Instance(EmbeddedPostgres postgres, String name, List<String> ids) {
			this.name = name;
			this.dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "simulation"));
			this.dataSource.setMaximumPoolSize(2);
			this.coordinator = new LeaseCoordinator(
					new JdbcLeaseStore(this.dataSource, name, "simulation", ClusterOptions.DEFAULTS.callTimeout()),
					ClusterOptions.DEFAULTS);
			this.containers = ids.stream()
				.collect(Collectors.toMap((id) -> id, IdleContainer::new, (a, b) -> a, LinkedHashMap::new));
			this.coordinator.start(List.copyOf(this.containers.values()), new LongPollObserver() {
			});
		}

		List<String> owned() {
			return this.containers.values().stream().filter((c) -> c.running).map(IdleContainer::id).toList();
		}

		@Override
		public void close() {
			this.coordinator.destroy();
			this.dataSource.close();
		}

	}

	/** A listener that does not poll: it records when it was started and stopped. */
	private static final class IdleContainer implements LongPollContainer {

		private final String id;

		volatile boolean running;

		volatile long startedAt;

		IdleContainer(String id) {
			this.id = id;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public LongPollEndpoint endpoint() {
			return ENDPOINT;
		}

		@Override
		public ListenerState state() {
			return this.running ? ListenerState.RUNNING : ListenerState.STOPPED;
		}

		@Override
		public @Nullable String cursor() {
			return null;
		}

		@Override
		public int consecutiveFailures() {
			return 0;
		}

		@Override
		public @Nullable Throwable lastError() {
			return null;
		}

		@Override
		public @Nullable Instant lastSuccess() {
			return null;
		}

		@Override
		public @Nullable Instant lastPollCompleted() {
			return null;
		}

		@Override
		public boolean pollInFlight() {
			return false;
		}

		@Override
		public @Nullable Instant nextRetryAt() {
			return null;
		}

		@Override
		public @Nullable StopReason stopReason() {
			return null;
		}

		@Override
		public void start() {
			this.startedAt = System.nanoTime();
			this.running = true;
		}

		@Override
		public Mono<Void> stop() {
			this.running = false;
			return Mono.empty();
		}

		@Override
		public void cancel() {
			this.running = false;
		}

		@Override
		public void pause() {
		}

		@Override
		public void resume() {
		}

	}

}
