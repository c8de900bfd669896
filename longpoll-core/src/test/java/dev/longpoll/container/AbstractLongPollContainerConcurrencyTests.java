package dev.longpoll.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.endpoint.LongPollEndpointFactory;

import static dev.longpoll.container.LoopTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lifecycle calls from several threads at once end in one loop per listener and a
 * consistent state, and observers are never called while the container holds its lock.
 */
class AbstractLongPollContainerConcurrencyTests {

	private final ExecutorService threads = Executors.newFixedThreadPool(8);

	private final List<LoopTestSupport> loops = new ArrayList<>();

	@AfterEach
	void shutdown() {
		this.threads.shutdownNow();
		this.loops.forEach(LoopTestSupport::close);
	}

	/**
	 * Defect 2: two concurrent starts used to run two loops for one listener.
	 */
	@RepeatedTest(20)
	void concurrentStartsRunOneLoop() throws Exception {
		LoopTestSupport loop = loop();
		LongPollContainer container = loop.container(loop.endpoint());
		CountDownLatch go = new CountDownLatch(1);
		List<Future<?>> starts = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			starts.add(this.threads.submit(() -> {
				go.await();
				container.start();
				return null;
			}));
		}
		go.countDown();
		for (Future<?> start : starts) {
			start.get(5, TimeUnit.SECONDS);
		}
		// the first poll leaves from Reactor's timer thread, a moment after start()
		await().atMost(Duration.ofSeconds(5)).until(() -> loop.client.requestCount() > 0);
		// room for a second loop's poll, had one started
		await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> loop.client.requestCount() == 1);
		assertThat(loop.client.mostInFlight).hasValue(1);
		assertThat(loop.observer.states).containsExactly("CREATED>RUNNING");
	}

	@Test
	void stormsOfLifecycleCallsLeaveOneLoopAndAConsistentState() throws Exception {
		LoopTestSupport loop = loop();
		// Every poll gets an answer with events after a short while, so cycles keep turning
		for (int i = 0; i < 100_000; i++) {
			int id = i + 1;
			loop.client.then((request) -> Mono.just(StubLongPollClient.response(200, events(id, id)))
				.delayElement(Duration.ofMillis(1)));
		}
		AtomicInteger handling = new AtomicInteger();
		AtomicInteger mostHandling = new AtomicInteger();
		LongPollContainer container = loop.track(new DefaultLongPollContainer(loop.endpoint().handler((response, cursor) -> Mono
			.defer(() -> {
				mostHandling.accumulateAndGet(handling.incrementAndGet(), Math::max);
				return Mono.delay(Duration.ofMillis(1)).doFinally((signal) -> handling.decrementAndGet());
			})
			.then()).build(), loop.client, Schedulers.boundedElastic(), loop.observer, List.of(),
				Duration.ofSeconds(5)));
		CountDownLatch go = new CountDownLatch(1);
		List<Future<?>> storms = new ArrayList<>();
		for (int t = 0; t < 6; t++) {
			storms.add(this.threads.submit(() -> {
				go.await();
				for (int i = 0; i < 500; i++) {
					LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000));
					switch (ThreadLocalRandom.current().nextInt(5)) {
						case 0 -> container.start();
						case 1 -> container.stop().subscribe();
						case 2 -> container.pause();
						case 3 -> container.resume();
						default -> container.cancel();
					}
				}
				return null;
			}));
		}
		go.countDown();
		for (Future<?> storm : storms) {
			storm.get(30, TimeUnit.SECONDS);
		}
		container.stop().block(Duration.ofSeconds(10));
		container.cancel();
		assertThat(container.state()).isIn(ListenerState.STOPPED, ListenerState.CREATED);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(loop.client.inFlight).hasValue(0));
		// A cycle cancelled just as it starts may still send its request, which is cancelled at
		// once; what counts is that no two cycles ever hand events over at the same time
		assertThat(mostHandling.get()).isLessThanOrEqualTo(1);
		loop.client.mostInFlight.set(0);
		int before = loop.client.requestCount();
		container.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> loop.client.requestCount() > before + 10);
		assertThat(loop.client.mostInFlight).hasValue(1);
		assertThat(loop.observer.failures).as("failures").isEmpty();
		assertThat(mostHandling).hasValue(1);
		container.stop().block(Duration.ofSeconds(10));
		assertThat(container.state()).isEqualTo(ListenerState.STOPPED);
	}

	@Test
	void registerWhileTheRegistryStartsRunsOneLoopPerListener() throws Exception {
		LoopTestSupport loop = loop();
		LongPollContainerFactory factory = (endpoint) -> loop.track(new DefaultLongPollContainer(endpoint, loop.client,
				Schedulers.immediate(), loop.observer, List.of(), Duration.ofSeconds(5)));
		LongPollEndpointFactory endpoints = new dev.longpoll.endpoint.DefaultLongPollEndpointFactory(List.of(), null,
				null);
		LongPollListenerRegistry registry = new LongPollListenerRegistry(factory, endpoints);
		CountDownLatch go = new CountDownLatch(1);
		Future<?> starting = this.threads.submit(() -> {
			go.await();
			registry.start();
			return null;
		});
		List<Future<?>> registering = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int from = t * 50;
			registering.add(this.threads.submit(() -> {
				go.await();
				for (int i = from; i < from + 50; i++) {
					registry.register("l" + i, "http://feed.test/" + i, (response, cursor) -> Mono.empty());
				}
				return null;
			}));
		}
		go.countDown();
		starting.get(10, TimeUnit.SECONDS);
		for (Future<?> future : registering) {
			future.get(10, TimeUnit.SECONDS);
		}
		assertThat(registry.getContainers()).hasSize(200)
			.allSatisfy((container) -> assertThat(container.state()).isEqualTo(ListenerState.RUNNING));
		await().atMost(Duration.ofSeconds(5)).until(() -> loop.client.requestCount() >= 200);
		// room for a second loop's poll, had one started
		await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> loop.client.requestCount() == 200);
		assertThat(loop.client.inFlight).hasValue(200);
	}

	/**
	 * Defect 5: observers used to run while the container held its lock, so an observer
	 * that waits for another thread to use the container deadlocked.
	 */
	@Test
	void observersAreNotCalledUnderTheContainersLock() {
		LoopTestSupport loop = loop();
		AtomicBoolean otherThreadGotThrough = new AtomicBoolean();
		LongPollObserver waitsForAnotherThread = new LongPollObserver() {

			@Override
			public void onStateChanged(LongPollContainer container, ListenerState previous, ListenerState current) {
				touchFromAnotherThread(container);
			}

			@Override
			public void onStopped(LongPollContainer container, StopReason reason, @Nullable Throwable cause) {
				touchFromAnotherThread(container);
			}

			private void touchFromAnotherThread(LongPollContainer container) {
				Thread other = new Thread(container::resume); // takes the lock, changes nothing here
				other.start();
				try {
					other.join(2000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				otherThreadGotThrough.set(!other.isAlive());
			}

		};
		loop.client.then(401, "");
		LongPollEndpoint endpoint = loop.endpoint().build();
		LongPollContainer container = loop.track(new DefaultLongPollContainer(endpoint, loop.client,
				Schedulers.immediate(), waitsForAnotherThread, List.of(), Duration.ofSeconds(5)));
		container.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> container.state() == ListenerState.FAILED);
		assertThat(otherThreadGotThrough).isTrue();
	}

	private LoopTestSupport loop() {
		LoopTestSupport loop = LoopTestSupport.create();
		this.loops.add(loop);
		return loop;
	}

}
