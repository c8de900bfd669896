package dev.longpoll.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in the order they were added, on whichever thread calls
 * {@link #drain()} first; a thread that finds another draining returns at once, and the
 * other runs its tasks too. Used to tell observers and publish events in order without
 * holding a lock while doing so.
 */
public final class SerialQueue {

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger draining = new AtomicInteger();

	private final Consumer<RuntimeException> onFailure;

	/**
	 * Create a queue.
	 * @param onFailure told of a task that threw; the tasks after it still run
	 */
	public SerialQueue(Consumer<RuntimeException> onFailure) {
		this.onFailure = onFailure;
	}

	/**
	 * Add a task; it runs at the next {@link #drain()}.
	 * @param task the task
	 */
	public void add(Runnable task) {
		this.tasks.add(task);
	}

	/**
	 * Run the tasks added so far, and those added meanwhile, unless another thread is
	 * already at it.
	 */
	public void drain() {
		if (this.draining.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					this.onFailure.accept(ex);
				}
			}
			missed = this.draining.addAndGet(-missed);
		}
		while (missed != 0);
	}

}
