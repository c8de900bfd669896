package dev.longpoll.autoconfigure.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

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

	/** One event handled: by which instance, for which listener. */
	record Handled(String instance, String listener, long event) {
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
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		this.running.put(instance, context);
		return context;
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
						events.forEach((event) -> handled.add(new Handled(instance, id, event.asLong())));
					}));
				}
			};
		}

	}

}
