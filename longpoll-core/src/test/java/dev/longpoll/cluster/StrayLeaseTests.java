package dev.longpoll.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.longpoll.container.LongPollObserver;

import static org.awaitility.Awaitility.await;

/**
 * A lease the store shows as this instance's but that this instance does not hold (revoked
 * at its fence while the store stalled, or taken by a call whose answer was lost) is given
 * back, so that an instance takes it with a token of its own, rather than renewed for ever
 * while nobody polls its listeners.
 */
class StrayLeaseTests {

	private final Map<String, Long> released = new ConcurrentHashMap<>();

	private final LeaseStore store = new LeaseStore() {

		@Override
		public String instanceId() {
			return "me";
		}

		@Override
		public View renew(Set<String> keys, Duration ttl) {
			// bucket 7 is "mine" in the store, with a token this coordinator never received
			return new View(StrayLeaseTests.this.released.containsKey("longpoll/bucket/7") ? Map.of()
					: Map.of("longpoll/bucket/7", new Lease("me", 42)), Set.of("me"));
		}

		@Override
		public long acquire(String key, Duration ttl) {
			return 0;
		}

		@Override
		public void release(String key, long token) {
			StrayLeaseTests.this.released.put(key, token);
		}

	};

	private final LeaseCoordinator coordinator = new LeaseCoordinator(this.store,
			new ClusterOptions(Duration.ofSeconds(1), Duration.ofMillis(100)));

	@AfterEach
	void stop() {
		this.coordinator.destroy();
	}

	@Test
	void aLeaseTheStoreGivesThisInstanceButItDoesNotHoldIsGivenBack() {
		this.coordinator.start(List.of(), new LongPollObserver() {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(42).equals(this.released.get("longpoll/bucket/7")));
	}

}
