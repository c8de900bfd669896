package dev.longpoll.autoconfigure.cluster;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.longpoll.cluster.JdbcLeaseStore;
import dev.longpoll.cluster.LeaseStore;
import dev.longpoll.cluster.RedisLeaseStore;

/**
 * The lease stores, imported in order: the application's {@link DataSource} first, then
 * its Redis, unless {@code longpoll.cluster.store} names one.
 */
final class LeaseStoreConfigurations {

	private LeaseStoreConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcTemplate.class, PropertiesBasedDataSourceScriptDatabaseInitializer.class })
	@ConditionalOnBean(DataSource.class)
	@ConditionalOnMissingBean(LeaseStore.class)
	@ConditionalOnProperty(name = "longpoll.cluster.store", havingValue = "jdbc", matchIfMissing = true)
	@EnableConfigurationProperties(LongPollClusterJdbcProperties.class)
	static class JdbcLeases {

		@Bean
		@ConditionalOnMissingBean
		LongPollClusterSchemaInitializer longPollClusterSchemaInitializer(DataSource dataSource,
				LongPollClusterJdbcProperties properties) {
			return new LongPollClusterSchemaInitializer(dataSource, properties);
		}

		@Bean
		@DependsOnDatabaseInitialization
		JdbcLeaseStore longPollLeaseStore(DataSource dataSource, LongPollClusterProperties properties,
				LongPollClusterJdbcProperties jdbc) {
			return new JdbcLeaseStore(dataSource, properties.resolveInstanceId(), jdbc.getRegion(), properties.toOptions().callTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveStringRedisTemplate.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnMissingBean(LeaseStore.class)
	@ConditionalOnProperty(name = "longpoll.cluster.store", havingValue = "redis", matchIfMissing = true)
	static class RedisLeases {

		@Bean
		RedisLeaseStore longPollLeaseStore(RedisConnectionFactory connectionFactory,
				LongPollClusterProperties properties) {
			if (!(connectionFactory instanceof ReactiveRedisConnectionFactory reactive)) {
				throw new IllegalStateException("Long-poll leases in Redis need a client that can time out each call "
						+ "(Lettuce, Spring Boot's default); the Redis connection factory is a "
						+ connectionFactory.getClass().getName());
			}
			return new RedisLeaseStore(new ReactiveStringRedisTemplate(reactive), properties.resolveInstanceId(),
					properties.getRedisKeyPrefix(), properties.toOptions().callTimeout());
		}

	}

}
