package dev.longpoll.autoconfigure.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.longpoll.cluster.LeaseCoordinator;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.handler.LongPollHandler;
import dev.longpoll.test.LongPollFeedServer;

/**
 * Instances of one application (Spring contexts in this JVM) that share their listeners
 * through one real PostgreSQL or Redis: every event each listener handles is recorded with the
 * instance that handled it. Each instance sends its name in an {@code X-Instance} header,
 * so that the feed server knows who polls.
 */
final class ClusterInstances implements AutoCloseable {

	/** One event handled: by which instance, for which listener, when ({@code System.nanoTime()}). */
	record Handled(String instance, String listener, long event, long at) {
	}

	static final Queue<Handled> handled = new ConcurrentLinkedQueue<>();

	private final Map<String, String> store;

	private final LongPollFeedServer feed;

	private final int listeners;

	private final Map<String, String> extra;

	private final Map<String, ConfigurableApplicationContext> running = new LinkedHashMap<>();

	private ClusterInstances(Map<String, String> store, LongPollFeedServer feed, int listeners,
			Map<String, String> extra) {
		this.store = store;
		this.feed = feed;
		this.listeners = listeners;
		this.extra = extra;
	}

	/**
	 * Instances whose leases and cursors are in a new database of a PostgreSQL.
	 */
	static ClusterInstances onPostgres(EmbeddedPostgres postgres, String database, LongPollFeedServer feed,
			int listeners, Map<String, String> extra) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + database);
		}
		return new ClusterInstances(Map.of("spring.datasource.url", postgres.getJdbcUrl("postgres", database),
				"longpoll.cursor-store.type", "jdbc", "longpoll.cursor-store.jdbc.initialize-schema", "always",
				"longpoll.cluster.jdbc.initialize-schema", "always"), feed, listeners, extra);
	}

	/**
	 * Instances whose leases and cursors are in a Redis.
	 */
	static ClusterInstances onRedis(int port, LongPollFeedServer feed, int listeners) {
		return new ClusterInstances(Map.of("spring.data.redis.port", Integer.toString(port),
				"longpoll.cursor-store.type", "redis", "longpoll.cluster.store", "redis"), feed, listeners, Map.of());
	}

	static String listener(int index) {
		return "l" + index;
	}

	ConfigurableApplicationContext start(String instance) {
		return start(instance, Map.of());
	}

	/**
	 * Start an instance in this JVM.
	 * @param overrides properties of this instance only
	 */
	ConfigurableApplicationContext start(String instance, Map<String, String> overrides) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties(properties(instance, overrides).toArray(String[]::new))
			.run();
		this.running.put(instance, context);
		return context;
	}

	/**
	 * Start an instance in a JVM of its own, its wall clock shifted by libfaketime when it is
	 * installed (the shift is then printed by the instance and read back).
	 */
	ChildInstance startProcess(String instance, Map<String, String> overrides, String clockShift) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
				ClusterInstanceMain.class.getName()));
		Map<String, String> own = new LinkedHashMap<>(overrides);
		own.put("longpoll.keep-alive", "true"); // the starter's keep-alive thread keeps this JVM up, as in a worker service
		properties(instance, own).forEach((property) -> command.add("--" + property));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		boolean shifted = Files.exists(FAKETIME);
		if (shifted) {
			builder.environment().put("LD_PRELOAD", FAKETIME.toString());
			builder.environment().put("FAKETIME", clockShift);
			builder.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
		}
		else {
			System.out.println("cluster: libfaketime is not installed (Debian package faketime): instance '" + instance
					+ "' runs with the machine's clock, the clock-skew part of this test is skipped");
		}
		return new ChildInstance(instance, builder.start(), shifted);
	}

	private static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

	/** An instance in a JVM of its own. */
	static final class ChildInstance implements AutoCloseable {

		private final String name;

		private final Process process;

		final boolean shifted;

		private volatile long clockAhead = Long.MIN_VALUE;

		ChildInstance(String name, Process process, boolean shifted) {
			this.name = name;
			this.process = process;
			this.shifted = shifted;
			Thread reader = new Thread(() -> {
				try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
					String line;
					while ((line = lines.readLine()) != null) {
						if (line.startsWith("started, clock ")) {
							this.clockAhead = Long.parseLong(line.substring("started, clock ".length()))
									- System.currentTimeMillis();
						}
						System.out.println("[" + name + "] " + line);
					}
				}
				catch (IOException ex) {
					// the process ended
				}
			}, "instance-" + name);
			reader.setDaemon(true);
			reader.start();
		}

		boolean started() {
			return this.clockAhead != Long.MIN_VALUE;
		}

		/** How far its wall clock is ahead of this JVM's, in milliseconds. */
		long clockAhead() {
			return this.clockAhead;
		}

		/** Stop it as a platform does: SIGTERM, then wait. */
		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				System.out.println("cluster: instance '" + this.name + "' did not stop within 30 s after SIGTERM");
				this.process.destroyForcibly();
			}
		}

	}

	private List<String> properties(String instance, Map<String, String> overrides) {
		List<String> properties = new ArrayList<>(List.of("longpoll.cluster.enabled=true",
				"management.health.redis.enabled=false", "longpoll.cluster.instance-id=" + instance, "longpoll.cluster.lease-ttl=2s",
				"longpoll.cluster.renew-interval=500ms", "longpoll.defaults.headers.X-Instance=" + instance,
				"longpoll.defaults.backoff.initial-interval=50ms", "longpoll.defaults.backoff.max-interval=200ms",
				"longpoll.defaults.backoff.jitter=10ms", "longpoll.keep-alive=false", "cluster.listeners=" + this.listeners,
				"logging.level.dev.longpoll=WARN", "logging.level.dev.longpoll.cluster=INFO"));
		// the kit's settings for one listener, as defaults for all; each listener's URL is given when it is
		// registered (thousands of listener sections in the environment would make startup slow)
		this.feed.listenerProperties("any", "any").forEach((name, value) -> {
			if (!name.endsWith(".url")) {
				properties.add(name.replace("longpoll.listeners.any.", "longpoll.defaults.") + "=" + value);
			}
		});
		properties.add("cluster.feed=" + this.feed.url("any").replace("/any", "/"));
		this.store.forEach((name, value) -> properties.add(name + "=" + value));
		this.extra.forEach((name, value) -> properties.add(name + "=" + value));
		Map<String, String> unique = new LinkedHashMap<>(); // each property once: the last given wins
		properties.forEach((property) -> unique.put(property.substring(0, property.indexOf('=')),
				property.substring(property.indexOf('=') + 1)));
		unique.putAll(overrides);
		return unique.entrySet().stream().map((entry) -> entry.getKey() + "=" + entry.getValue()).toList();
	}

	Map<String, ConfigurableApplicationContext> running() {
		return this.running;
	}

	LeaseCoordinator coordinator(String instance) {
		return this.running.get(instance).getBean(LeaseCoordinator.class);
	}

	/**
	 * The instance that polls a listener, as the instances themselves see it.
	 */
	String owner(String listener) {
		return this.running.entrySet()
			.stream()
			.filter((entry) -> !entry.getValue().getBean(LeaseCoordinator.class).isStandby(listener))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

	/**
	 * Crash an instance: it stops renewing, drops its connections and releases nothing.
	 */
	void crash(String instance) {
		ConfigurableApplicationContext context = this.running.remove(instance);
		context.getBean(LeaseCoordinator.class).halt();
		context.close();
	}

	void stop(String instance) {
		this.running.remove(instance).close();
	}

	@Override
	public void close() {
		this.running.values().forEach(ConfigurableApplicationContext::close);
		this.running.clear();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		SmartInitializingSingleton clusterListeners(LongPollListenerRegistry registry, Environment environment) {
			String instance = environment.getRequiredProperty("longpoll.cluster.instance-id");
			int count = environment.getRequiredProperty("cluster.listeners", Integer.class);
			String feed = environment.getRequiredProperty("cluster.feed");
			return () -> {
				for (int i = 0; i < count; i++) {
					String id = listener(i);
					registry.register(id, feed + id, LongPollHandler.blocking((response, cursor) -> {
						JsonNode events = JsonMapper.shared().readTree(response.bodyAsString()).get("events");
						events.forEach((event) -> handled.add(new Handled(instance, id, event.asLong(), System.nanoTime())));
					}));
				}
			};
		}

	}

}
