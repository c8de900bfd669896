package dev.longpoll.autoconfigure.redis;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.autoconfigure.LongPollProperties;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.RedisCursorStore;

/**
 * Auto-configuration of the Redis cursor store, when
 * {@code longpoll.cursor-store.type=redis} and the application has a
 * {@link RedisConnectionFactory}.
 */
@AutoConfiguration(before = LongPollAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(StringRedisTemplate.class)
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnProperty(name = "longpoll.cursor-store.type", havingValue = "redis")
@ConditionalOnBooleanProperty(name = "longpoll.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LongPollProperties.class)
public final class LongPollRedisCursorStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(CursorStore.class)
	RedisCursorStore longPollCursorStore(RedisConnectionFactory connectionFactory, LongPollProperties properties) {
		return new RedisCursorStore(new StringRedisTemplate(connectionFactory),
				properties.getCursorStore().getRedisKeyPrefix());
	}

}
