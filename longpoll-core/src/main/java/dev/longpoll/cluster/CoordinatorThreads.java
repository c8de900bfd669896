package dev.longpoll.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The coordinator's two threads: one for the rounds of store calls (and every task that
 * touches the store), one for the watchdog. Made anew when a context starts again after a
 * stop.
 */
final class CoordinatorThreads {

	private volatile ScheduledExecutorService rounds = newThread("longpoll-cluster");

	private volatile ScheduledExecutorService watchdog = newThread("longpoll-cluster-watchdog");

	/** A stop has claimed the current threads (they shut down after its last task). */
	private volatile boolean stopped;

	private static ScheduledExecutorService newThread(String name) {
		return Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Run the rounds, one after another every renew interval, and the watchdog a few times
	 * per round, on new threads if a stop claimed the current ones.
	 */
	void run(Runnable round, Runnable watch, Duration renewInterval) {
		if (this.stopped || this.rounds.isShutdown()) { // stopped before: the context starts again
			this.rounds = newThread("longpoll-cluster");
			this.watchdog = newThread("longpoll-cluster-watchdog");
			this.stopped = false;
		}
		long renew = renewInterval.toMillis();
		this.rounds.scheduleWithFixedDelay(round, 0, renew, TimeUnit.MILLISECONDS);
		long tick = Math.max(10, renew / 5);
		this.watchdog.scheduleAtFixedRate(watch, tick, tick, TimeUnit.MILLISECONDS);
	}

	/** Run a task on the rounds' thread, unless it stopped. */
	void schedule(Runnable task, Duration delay) {
		try {
			this.rounds.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// stopped: every lease was released already, or expires
		}
	}

	/**
	 * Claim the threads for a stop: a last task on the rounds' thread, after the rounds
	 * and tasks already queued, then both threads end.
	 * @return completes after the last task, or at once if the threads had ended
	 */
	Mono<Void> last(Runnable task, Duration delay) {
		this.stopped = true;
		Sinks.Empty<Void> done = Sinks.empty();
		ScheduledExecutorService rounds = this.rounds;
		ScheduledExecutorService watchdog = this.watchdog;
		try {
			rounds.schedule(() -> {
				try {
					task.run();
				}
				finally {
					rounds.shutdown(); // this task is its last
					watchdog.shutdownNow();
					done.tryEmitEmpty();
				}
			}, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) { // already shut down
			watchdog.shutdownNow();
			done.tryEmitEmpty();
		}
		return done.asMono();
	}

	void shutdownNow() {
		this.rounds.shutdownNow();
		this.watchdog.shutdownNow();
	}

}
