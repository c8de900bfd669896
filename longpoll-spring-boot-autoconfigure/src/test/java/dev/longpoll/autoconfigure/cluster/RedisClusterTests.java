package dev.longpoll.autoconfigure.cluster;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.longpoll.test.LongPollFeedServer;
import dev.longpoll.test.RedisServer;

/**
 * The same three instances with their leases and cursors in a real {@code redis-server}
 * (started here; skipped, with the reason printed, where it is not installed).
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

}
