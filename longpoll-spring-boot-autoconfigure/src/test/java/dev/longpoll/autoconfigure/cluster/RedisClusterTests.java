package dev.longpoll.autoconfigure.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.longpoll.cluster.LeaseStore;
import dev.longpoll.cluster.RedisLeaseStore;
import dev.longpoll.cursor.CursorPosition;
import dev.longpoll.cursor.RedisCursorStore;
import dev.longpoll.test.LongPollFeedServer;
import dev.longpoll.test.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same three instances with their leases and cursors in a real {@code redis-server}
 * (started here; skipped, with the reason printed, where it is not installed), and the
 * Redis stores' tokens and expiry on their own.
 */
class RedisClusterTests {

	@BeforeEach
	void clear() {
		ClusterInstances.handled.clear();
	}

	@Test
	void aCrashedOwnersListenersMoveToTheOthersAndNoEventIsLost() throws Exception {
		try (RedisServer redis = RedisServer.startOrSkip();
				LongPollFeedServer feed = LongPollFeedServer.builder().hold(Duration.ofSeconds(2)).maxBatch(7).start();
				ClusterInstances cluster = ClusterInstances.onRedis(redis.port(), feed, 5)) {
			LongPollClusterTests.crashTheOwnerMidStream(cluster, feed, "Redis");
		}
	}

	@Test
	void leasesExpireOnTheServerAndCursorWritesWithAnOlderTokenAreRefused() throws Exception {
		try (RedisServer redis = RedisServer.startOrSkip()) {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("localhost", redis.port()));
			factory.afterPropertiesSet();
			try {
				ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(factory);
				RedisLeaseStore a = new RedisLeaseStore(template, "a", "t:", Duration.ofSeconds(1));
				RedisLeaseStore b = new RedisLeaseStore(template, "b", "t:", Duration.ofSeconds(1));
				long first = a.acquire("k", Duration.ofMillis(300));
				assertThat(first).isPositive();
				assertThat(b.acquire("k", Duration.ofSeconds(5))).as("held by a").isZero();
				LeaseStore.View view = b.renew(Set.of("k"), Duration.ofSeconds(5));
				assertThat(view.leases()).containsEntry("k", new LeaseStore.Lease("a", first));
				assertThat(view.instances()).containsExactly("b"); // a renewed nothing yet
				long second = await().atMost(Duration.ofSeconds(5))
					.until(() -> b.acquire("k", Duration.ofSeconds(5)), (token) -> token != 0);
				assertThat(second).isGreaterThan(first);
				a.release("k", first);
				assertThat(a.renew(Set.of("k"), Duration.ofSeconds(5)).leases()).containsEntry("k",
						new LeaseStore.Lease("b", second));

				a.control("feed", LeaseStore.Desired.PAUSED, null);
				b.control("feed", null, LeaseStore.Control.seekTo("41\nwith a line break"));
				LeaseStore.Control control = b.controls().get("feed");
				assertThat(control).isEqualTo(new LeaseStore.Control(LeaseStore.Desired.PAUSED, 1,
						LeaseStore.Control.seekTo("41\nwith a line break"), 1));
				b.seekDone("feed", 1);
				assertThat(a.controls().get("feed")).isEqualTo(new LeaseStore.Control(LeaseStore.Desired.PAUSED, 1, null, 1));

				RedisCursorStore cursors = new RedisCursorStore(new StringRedisTemplate(factory), "c:");
				assertThat(cursors.save("feed", new CursorPosition("10", Map.of()), first)).isTrue();
				assertThat(cursors.claim("feed", second)).isTrue();
				assertThat(cursors.save("feed", new CursorPosition("11", Map.of()), first)).as("older token").isFalse();
				assertThat(cursors.load("feed").cursor()).isEqualTo("10");
				assertThat(cursors.save("feed", new CursorPosition("12", Map.of()), second)).isTrue();
				assertThat(cursors.remove("feed", first)).isFalse();
				assertThat(cursors.remove("feed", second)).isTrue();
				assertThat(cursors.load("feed")).isNull();
			}
			finally {
				factory.destroy();
			}
		}
	}

}
