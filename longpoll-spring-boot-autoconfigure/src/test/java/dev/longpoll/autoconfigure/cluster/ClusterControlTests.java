package dev.longpoll.autoconfigure.cluster;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.test.LongPollFeedServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Control by hand with several instances, on a real PostgreSQL: pause, resume, stop, start
 * and seek asked on an instance that does not poll the listener apply where it runs, and a
 * paused listener stays paused when its owner crashes and another takes it over.
 */
class ClusterControlTests extends PostgresClusterTest {

	@Test
	void controlsAskedAnywhereApplyWhereTheListenerRunsAndSurviveAFailover() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder().hold(Duration.ofSeconds(2)).start();
				ClusterInstances cluster = instances(newDatabase(), feed, 6)) {
			for (String instance : List.of("a", "b", "c")) {
				cluster.start(instance);
			}
			await().atMost(Duration.ofSeconds(15)).until(() -> LongPollClusterTests.everyListenerOwned(cluster, 6));
			String owner = cluster.owner("l0");
			String asker = other(cluster, owner);

			registry(cluster, asker).pause("l0");
			await().atMost(Duration.ofSeconds(3)).until(() -> container(cluster, owner).state() == ListenerState.PAUSED);
			assertThat(container(cluster, asker).state().isActive()).as("no second poller where it was asked").isFalse();
			feed.publish("l0", "1");
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> handled("l0", 1) == 0);

			cluster.crash(owner);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> cluster.owner("l0") != null && !cluster.owner("l0").equals(owner));
			String next = cluster.owner("l0");
			await().atMost(Duration.ofSeconds(2)).until(() -> container(cluster, next).state() == ListenerState.PAUSED);
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
				.until(() -> handled("l0", 1) == 0 && feed.openPolls("l0") == 0);

			String standby = other(cluster, next);
			registry(cluster, standby).resume("l0");
			await().atMost(Duration.ofSeconds(3)).until(() -> handled("l0", 1) == 1);

			// a seek re-polls at once, and the server may see the new poll a moment before the old one's close:
			// polls of one instance that overlap, not of two, so the count of polls open at once is taken before
			assertThat(feed.mostOpenPolls("l0")).as("polls of l0 open at once").isEqualTo(1);
			registry(cluster, standby).seek("l0", "0"); // replays event 1
			await().atMost(Duration.ofSeconds(3)).until(() -> handled("l0", 1) == 2);

			registry(cluster, standby).stop("l0").block(Duration.ofSeconds(5));
			await().atMost(Duration.ofSeconds(3)).until(() -> !container(cluster, next).state().isActive());
			feed.publish("l0", "2");
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> handled("l0", 2) == 0);
			registry(cluster, standby).start("l0");
			await().atMost(Duration.ofSeconds(3)).until(() -> handled("l0", 2) == 1);

			assertThat(ClusterInstances.handled).filteredOn((h) -> h.listener().equals("l0"))
				.allSatisfy((h) -> assertThat(h.instance()).isEqualTo(next));
		}
	}

	private static String other(ClusterInstances cluster, String instance) {
		return cluster.running().keySet().stream().filter((name) -> !name.equals(instance)).findFirst().orElseThrow();
	}

	private static LongPollListenerRegistry registry(ClusterInstances cluster, String instance) {
		return cluster.running().get(instance).getBean(LongPollListenerRegistry.class);
	}

	private static LongPollContainer container(ClusterInstances cluster, String instance) {
		return registry(cluster, instance).getContainer("l0");
	}

	private static long handled(String listener, long event) {
		return ClusterInstances.handled.stream()
			.filter((h) -> h.listener().equals(listener) && h.event() == event)
			.count();
	}

}
