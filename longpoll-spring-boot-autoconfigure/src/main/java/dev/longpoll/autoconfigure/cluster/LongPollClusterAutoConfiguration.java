package dev.longpoll.autoconfigure.cluster;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.cluster.FencedCursorStore;
import dev.longpoll.cluster.LeaseCoordinator;
import dev.longpoll.cluster.LeaseStore;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.FileCursorStore;
import dev.longpoll.cursor.InMemoryCursorStore;
import dev.longpoll.endpoint.LongPollEndpointCustomizer;

/**
 * Several instances of one application sharing their listeners: on with
 * {@code longpoll.cluster.enabled=true}, or with a Spring Integration {@code LockRegistry}
 * bean unless that property is {@code false}. Each listener polls on the instance holding
 * its bucket's lease in the shared store: the {@code longpoll_lease} table on the
 * application's {@link DataSource}, or else the application's Redis
 * ({@code longpoll.cluster.store} chooses); the cursors must be shared too.
 */
@AutoConfiguration(before = LongPollAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "longpoll.enabled", matchIfMissing = true)
@Conditional(LongPollClusterAutoConfiguration.ClusterCondition.class)
@EnableConfigurationProperties(LongPollClusterProperties.class)
@Import({ LeaseStoreConfigurations.JdbcLeases.class, LeaseStoreConfigurations.RedisLeases.class })
public final class LongPollClusterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LeaseCoordinator longPollLeaseCoordinator(ObjectProvider<LeaseStore> store, LongPollClusterProperties properties) {
		LeaseStore leases = store.getIfUnique(() -> {
			throw new IllegalStateException("Long-poll listeners shared by several instances need a lease store: "
					+ "a DataSource, a Redis connection, or a LeaseStore bean");
		});
		return new LeaseCoordinator(leases, properties.toOptions());
	}

	/**
	 * Every listener's cursor goes to the shared store, and only while this instance holds
	 * the listener's lease.
	 */
	@Bean
	LongPollEndpointCustomizer longPollClusterFencing(CursorStore cursorStore, LeaseCoordinator coordinator) {
		if (cursorStore instanceof InMemoryCursorStore || cursorStore instanceof FileCursorStore) {
			throw new InvalidConfigurationPropertyValueException("longpoll.cursor-store.type",
					(cursorStore instanceof FileCursorStore) ? "file" : "memory",
					"Instances sharing listeners must share their cursors: set it to 'jdbc'");
		}
		FencedCursorStore fenced = new FencedCursorStore(cursorStore, coordinator);
		return (endpoint) -> endpoint.cursorStore(fenced);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class Metrics {

		@Bean
		MeterBinder longPollClusterMeters(LeaseCoordinator coordinator) {
			return (registry) -> {
				Gauge.builder("longpoll.cluster.owned", coordinator, LeaseCoordinator::owned)
					.description("Long-poll listeners this instance polls (holds the lease of)")
					.tag("instance", coordinator.instanceId())
					.register(registry);
				Gauge.builder("longpoll.cluster.round", coordinator, (c) -> c.lastRound().toNanos() / 1e9)
					.description("How long the last round of lease store calls took")
					.baseUnit("seconds")
					.tag("instance", coordinator.instanceId())
					.register(registry);
			};
		}

	}

	static final class ClusterCondition extends AnyNestedCondition {

		ClusterCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBooleanProperty("longpoll.cluster.enabled")
		static class Enabled {

		}

		@ConditionalOnBean(type = "org.springframework.integration.support.locks.LockRegistry")
		@ConditionalOnProperty(name = "longpoll.cluster.enabled", havingValue = "true", matchIfMissing = true)
		static class LockRegistryPresent {

		}

	}

}
