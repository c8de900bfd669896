package dev.longpoll.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.client.WebClientLongPollClient;
import dev.longpoll.container.DefaultLongPollContainerFactory;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.endpoint.DefaultLongPollEndpointFactory;
import dev.longpoll.endpoint.LongPollEndpoint;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutdown with a lease coordinator, against a real HTTP server: a round in progress when
 * the registry stops cannot leave a listener running behind it, and the coordinator starts
 * again after a context stop and start.
 */
class CoordinatedShutdownTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final WebClientLongPollClient client = new WebClientLongPollClient(
			ConnectionProvider.builder("shutdown").maxConnections(10).build(), WebClient.builder());

	private final Scheduler scheduler = Schedulers.newBoundedElastic(2, 100, "shutdown-handler");

	private final GatedStore store = new GatedStore();

	private final LeaseCoordinator coordinator = new LeaseCoordinator(this.store,
			new ClusterOptions(Duration.ofSeconds(3), Duration.ofMillis(200)));

	private final LongPollListenerRegistry registry = new LongPollListenerRegistry(
			new DefaultLongPollContainerFactory(this.client, this.scheduler, new LongPollObserver() {
			}, List.of(), Duration.ofSeconds(2)),
			new DefaultLongPollEndpointFactory(List.of(), null, null));

	@AfterEach
	void close() {
		this.store.gate.set(false);
		this.store.release.countDown();
		this.registry.destroy();
		this.coordinator.destroy();
		this.client.destroy();
		this.scheduler.dispose();
	}

	@Test
	void aListenerGrantedByARoundThatWasUnderWayWhenTheRegistryStoppedIsStoppedToo() throws Exception {
		LongPollContainer container = registerCoordinatedListener();
		this.store.gate.set(true); // the round blocks as it takes the listener's lease
		this.registry.start();
		assertThat(this.store.blocked.await(5, TimeUnit.SECONDS)).isTrue();
		CountDownLatch stopped = new CountDownLatch(1);
		this.registry.stop(stopped::countDown); // while the round is about to start the listener
		this.store.release.countDown();
		assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(container.state().isActive()).isFalse();
		assertThat(this.store.holders).isEmpty();
	}

	@Test
	void theCoordinatorStartsAgainAfterAStop() throws Exception {
		LongPollContainer container = registerCoordinatedListener();
		this.registry.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> container.state() == ListenerState.RUNNING);
		CountDownLatch stopped = new CountDownLatch(1);
		this.registry.stop(stopped::countDown);
		assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
		this.registry.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> container.state() == ListenerState.RUNNING);
		assertThat(this.store.holders).containsKey("longpoll/bucket/" + LeaseCoordinator.bucket("feed", 256));
	}

	@Test
	void aHandlerRunningWhenTheRegistryStopsFinishesBeforeItsLeaseGoes() throws Exception {
		server.stubFor(get(urlPathEqualTo("/slow")).willReturn(aResponse().withStatus(200).withBody("{\"n\":1}")));
		CountDownLatch handling = new CountDownLatch(1);
		AtomicBoolean finished = new AtomicBoolean();
		AtomicBoolean leaseHeldWhenFinished = new AtomicBoolean();
		String bucket = "longpoll/bucket/" + LeaseCoordinator.bucket("slow", 256);
		this.registry.setCoordinator(this.coordinator);
		LongPollContainer container = this.registry.register(LongPollEndpoint.builder("slow")
			.url(server.baseUrl() + "/slow")
			.timeout(Duration.ofSeconds(5))
			.handler((response, cursor) -> Mono.fromRunnable(handling::countDown)
				.then(Mono.delay(Duration.ofMillis(800)))
				.doOnSuccess((done) -> {
					leaseHeldWhenFinished.set(this.store.holders.containsKey(bucket));
					finished.set(true);
				})
				.then())
			.build());
		this.registry.start();
		assertThat(handling.await(5, TimeUnit.SECONDS)).isTrue();
		CountDownLatch stopped = new CountDownLatch(1);
		this.registry.stop(stopped::countDown);
		assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(finished).as("the handler finished, not cancelled").isTrue();
		assertThat(leaseHeldWhenFinished).as("the lease still held while it ran").isTrue();
		assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
		assertThat(this.store.holders).doesNotContainKey(bucket);
	}

	private LongPollContainer registerCoordinatedListener() {
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(204).withFixedDelay(1000)));
		this.registry.setCoordinator(this.coordinator);
		return this.registry.register(LongPollEndpoint.builder("feed")
			.url(server.baseUrl() + "/feed")
			.timeout(Duration.ofSeconds(5))
			.handler((response, cursor) -> Mono.empty())
			.build());
	}

	/**
	 * An in-memory lease store whose acquisition of a bucket's lease can be held at a
	 * gate, to stop the registry while a round is under way.
	 */
	static final class GatedStore implements LeaseStore {

		final Map<String, Long> holders = new ConcurrentHashMap<>();

		final AtomicBoolean gate = new AtomicBoolean();

		final CountDownLatch blocked = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		private final AtomicLong tokens = new AtomicLong();

		@Override
		public String instanceId() {
			return "only";
		}

		@Override
		public View renew(Set<String> keys, Duration ttl) {
			Map<String, Lease> held = new HashMap<>();
			this.holders.forEach((key, token) -> {
				if (keys.contains(key)) {
					held.put(key, new Lease("only", token));
				}
			});
			return new View(held, Set.of("only"));
		}

		@Override
		public long acquire(String key, Duration ttl) {
			if (this.gate.get()) {
				this.blocked.countDown();
				try {
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			long token = this.tokens.incrementAndGet();
			this.holders.put(key, token);
			return token;
		}

		@Override
		public void release(String key, long token) {
			this.holders.remove(key, token);
		}

	}

}
