package dev.longpoll.autoconfigure.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import dev.longpoll.autoconfigure.cluster.ClusterInstances.Handled;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.health.LongPollHealthContributor;
import dev.longpoll.test.Fault;
import dev.longpoll.test.LongPollFeedServer;
import dev.longpoll.test.RecordedPoll;

import static dev.longpoll.autoconfigure.cluster.ClusterInstances.listener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of one application share their listeners through a real PostgreSQL
 * (embedded binaries, no Docker): one instance polls each listener, a crashed owner's
 * listeners move to the others after the lease, and the listeners spread over the
 * instances (a graceful hand-over is timed in {@link ClusterEdgeTests}).
 */
class LongPollClusterTests extends PostgresClusterTest {

	private static ClusterInstances instances(LongPollFeedServer feed, int listeners) throws Exception {
		return instances(newDatabase(), feed, listeners);
	}

	@Test
	void aCrashedOwnersListenersMoveToTheOthersAndNoEventIsLost() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder().hold(Duration.ofSeconds(2)).maxBatch(7).start();
				ClusterInstances cluster = instances(feed, 5)) {
			crashTheOwnerMidStream(cluster, feed, "PostgreSQL");
		}
	}

	/**
	 * Three instances, five listeners, 150 events each through a feed with faults; the
	 * owner of l0 crashes mid-stream. Every event is handled, in order per instance,
	 * twice only when the crashed owner handled it first; never two polls of one listener
	 * open at once; the instances left show the others' listeners on standby.
	 */
	static void crashTheOwnerMidStream(ClusterInstances cluster, LongPollFeedServer feed, String store)
			throws Exception {
		int listeners = 5;
		int events = 150;
		for (String instance : List.of("a", "b", "c")) {
			cluster.start(instance);
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> everyListenerOwned(cluster, listeners));

		Thread publisher = new Thread(() -> publish(feed, listeners, events));
		publisher.start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ClusterInstances.handled.stream().filter((h) -> h.listener().equals("l0")).count() > 30);
		String crashed = cluster.owner("l0");
		Instant crashedAt = Instant.now();
		cluster.crash(crashed);
		await().atMost(Duration.ofSeconds(15)).until(() -> firstPollByAnother(feed, "l0", crashed, crashedAt) != null);
		Duration failover = Duration.between(crashedAt, firstPollByAnother(feed, "l0", crashed, crashedAt));
		publisher.join();

		await().atMost(Duration.ofSeconds(30)).until(() -> everyEventHandled(listeners, events));
		for (int i = 0; i < listeners; i++) {
			assertEveryEventOnceExceptTheCrashedOwnersLastBatch(listener(i), events, crashed);
			assertThat(feed.mostOpenPolls(listener(i))).as("polls of %s open at once", listener(i)).isEqualTo(1);
		}
		System.out.printf("cluster (%s): failover of l0 after a crash of '%s' took %d ms (lease 2 s, rounds 500 ms)%n",
				store, crashed, failover.toMillis());
		assertThat(failover).isLessThan(Duration.ofSeconds(4));

		String survivor = cluster.running().keySet().iterator().next();
		assertStandbyHealthElsewhere(cluster, survivor);
	}

	@Test
	void aListenerUnregisteredOnItsOwnerGivesUpItsLeaseAndUnregisteringAfterShutdownIsQuiet() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder().hold(Duration.ofSeconds(2)).start();
				ClusterInstances cluster = instances(feed, 2)) {
			ConfigurableApplicationContext a = cluster.start("a");
			await().atMost(Duration.ofSeconds(10)).until(() -> cluster.coordinator("a").owned() == 2);
			LongPollListenerRegistry registry = a.getBean(LongPollListenerRegistry.class);
			registry.unregister("l0").block(Duration.ofSeconds(5));
			assertThat(cluster.coordinator("a").owned()).isEqualTo(1);
			cluster.coordinator("a").stop().block(Duration.ofSeconds(5)); // as at shutdown
			assertThatNoException().isThrownBy(() -> registry.unregister("l1").block(Duration.ofSeconds(5)));
		}
	}

	@Test
	void thirtyListenersSpreadOverThreeInstances() throws Exception {
		try (LongPollFeedServer feed = LongPollFeedServer.builder().hold(Duration.ofSeconds(5)).start();
				ClusterInstances cluster = instances(feed, 30)) {
			// listeners are leased in buckets (256, most holding one of these 30, a few two), and an instance takes
			// buckets until it reaches its fair share of 10 listeners: at most 10 + 2 - 1 each
			cluster.start("a"); // alone at first: it takes every listener
			await().atMost(Duration.ofSeconds(10)).until(() -> cluster.coordinator("a").owned() == 30);
			cluster.start("b");
			cluster.start("c");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> List.of("a", "b", "c").stream().allMatch((i) -> cluster.coordinator(i).owned() <= 12)
						&& everyListenerOwned(cluster, 30));
			System.out.printf("cluster: 30 listeners spread as a=%d b=%d c=%d%n", cluster.coordinator("a").owned(),
					cluster.coordinator("b").owned(), cluster.coordinator("c").owned());
			for (int i = 0; i < 30; i++) {
				assertThat(feed.mostOpenPolls(listener(i))).as("polls of %s open at once", listener(i)).isEqualTo(1);
			}
		}
	}

	static boolean everyListenerOwned(ClusterInstances cluster, int listeners) {
		for (int i = 0; i < listeners; i++) {
			String id = listener(i);
			long owners = cluster.running()
				.values()
				.stream()
				.filter((context) -> !context.getBean(dev.longpoll.cluster.LeaseCoordinator.class).isStandby(id))
				.count();
			if (owners != 1) {
				return false;
			}
		}
		return true;
	}

	static void publish(LongPollFeedServer feed, int listeners, int events) {
		for (int n = 1; n <= events; n++) {
			for (int i = 0; i < listeners; i++) {
				feed.publish(listener(i), Long.toString(n));
			}
			if (n % 40 == 0) {
				feed.failNext(Fault.status(503).retryAfter(Duration.ZERO), Fault.reset());
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	static Instant firstPollByAnother(LongPollFeedServer feed, String listener, String previous,
			Instant since) {
		return feed.polls(listener)
			.stream()
			.filter((poll) -> !poll.received().isBefore(since) && poll.header("X-Instance") != null
					&& !previous.equals(poll.header("X-Instance")))
			.map(RecordedPoll::received)
			.findFirst()
			.orElse(null);
	}

	static boolean everyEventHandled(int listeners, int events) {
		for (int i = 0; i < listeners; i++) {
			String id = listener(i);
			Set<Long> seen = ClusterInstances.handled.stream()
				.filter((h) -> h.listener().equals(id))
				.map(Handled::event)
				.collect(Collectors.toSet());
			if (seen.size() < events) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Every event 1..N handled, each instance in order, and an event handled twice only
	 * when the crashed owner handled it first (its last batch, never committed).
	 */
	private static void assertEveryEventOnceExceptTheCrashedOwnersLastBatch(String listener, int events,
			String crashed) {
		List<Handled> all = ClusterInstances.handled.stream().filter((h) -> h.listener().equals(listener)).toList();
		assertThat(all.stream().map(Handled::event).collect(Collectors.toSet())).as(listener)
			.containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, events).boxed().toList());
		Set<Long> seen = new HashSet<>();
		List<Handled> again = new ArrayList<>();
		long previous = 0;
		String previousInstance = null;
		for (Handled handled : all) {
			if (!seen.add(handled.event())) {
				again.add(handled);
			}
			if (handled.instance().equals(previousInstance)) {
				assertThat(handled.event()).as("%s on %s in order", listener, handled.instance()).isGreaterThan(previous);
			}
			previous = handled.event();
			previousInstance = handled.instance();
		}
		Set<Long> handledByCrashed = all.stream()
			.filter((h) -> h.instance().equals(crashed))
			.map(Handled::event)
			.collect(Collectors.toSet());
		assertThat(again).as("%s handled twice", listener)
			.allSatisfy((h) -> assertThat(handledByCrashed).contains(h.event()));
	}

	private static void assertStandbyHealthElsewhere(ClusterInstances cluster, String instance) {
		ConfigurableApplicationContext context = cluster.running().get(instance);
		LongPollHealthContributor health = context.getBean(LongPollHealthContributor.class);
		for (int i = 0; i < 5; i++) {
			String id = listener(i);
			if (cluster.coordinator(instance).isStandby(id)) {
				// the owner it shows is the one it saw in its last round
				await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
					Health listenerHealth = ((HealthIndicator) health.getContributor(id)).health();
					assertThat(listenerHealth.getStatus()).isEqualTo(Status.UNKNOWN);
					assertThat(listenerHealth.getDetails()).containsEntry("standby", true)
						.containsEntry("owner", cluster.owner(id));
				});
				return;
			}
		}
	}

}
