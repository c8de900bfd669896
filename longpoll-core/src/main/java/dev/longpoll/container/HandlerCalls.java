package dev.longpoll.container;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * The handler calls of one listener, run on the handler scheduler one at a time: a call
 * starts only once the thread of the previous one has left the handler, even when the
 * previous call was cancelled (a cancel interrupts the thread, but a handler may ignore
 * interrupts). So a listener stopped and started at once, or whose lease moved away and
 * back, never has two handler calls in flight. A handler scheduler whose queue is full is
 * back-pressure, not a handler failure: the call waits and is offered again.
 */
final class HandlerCalls {

	/** How long a call waits before it is offered again to a handler scheduler that was full. */
	static final Duration QUEUE_FULL_WAIT = Duration.ofMillis(50);

	private final Scheduler scheduler;

	/** The last call; the next one starts once its thread left the handler. */
	private final AtomicReference<@Nullable Call> last = new AtomicReference<>();

	HandlerCalls(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * A handler call, run on the handler scheduler once the previous call returned.
	 * @param handler the call; subscribed on a handler thread
	 * @return completes when the call completes; cancelling it cancels the call
	 */
	Mono<Void> call(Supplier<Mono<Void>> handler) {
		return Mono.defer(() -> {
			Call call = new Call(handler);
			Call previous = this.last.getAndSet(call);
			Mono<Void> run = Mono.create(call::run);
			return ((previous == null || previous.hasReturned()) ? run : previous.returned.asMono().then(run))
				.doFinally((signal) -> call.abandonIfNotStarted());
		});
	}

	/**
	 * One call: pending until a handler thread takes it, running while that thread is in
	 * the handler, then done.
	 */
	private final class Call {

		private static final int PENDING = 0;

		private static final int RUNNING = 1;

		private static final int DONE = 2;

		private final Supplier<Mono<Void>> handler;

		private final AtomicInteger state = new AtomicInteger(PENDING);

		final Sinks.Empty<Void> returned = Sinks.empty();

		Call(Supplier<Mono<Void>> handler) {
			this.handler = handler;
		}

		void run(MonoSink<Void> sink) {
			Disposable.Swap attempt = Disposables.swap();
			sink.onCancel(attempt);
			offer(sink, attempt);
		}

		private void offer(MonoSink<Void> sink, Disposable.Swap attempt) {
			Forward forward = new Forward(sink);
			Disposable task;
			try {
				task = HandlerCalls.this.scheduler.schedule(() -> runOnHandlerThread(forward));
			}
			catch (RejectedExecutionException ex) { // the queue is full: offer it again shortly
				task = Mono.delay(QUEUE_FULL_WAIT).subscribe((tick) -> offer(sink, attempt));
				attempt.replace(task);
				return;
			}
			Disposable scheduled = task;
			attempt.replace(() -> {
				scheduled.dispose();
				forward.dispose();
			});
		}

		private void runOnHandlerThread(Forward forward) {
			if (!this.state.compareAndSet(PENDING, RUNNING)) {
				return; // cancelled before a thread took it
			}
			try {
				Mono.defer(this.handler).subscribe(forward); // a synchronous handler runs here
			}
			finally {
				this.state.set(DONE);
				this.returned.tryEmitEmpty();
			}
		}

		boolean hasReturned() {
			return this.state.get() == DONE;
		}

		/**
		 * The call ended (completed, failed or cancelled): if no thread took it, none will.
		 */
		void abandonIfNotStarted() {
			if (this.state.compareAndSet(PENDING, DONE)) {
				this.returned.tryEmitEmpty();
			}
		}

	}

	/**
	 * Hands the end of the handler's {@code Mono} to the caller, with the caller's context.
	 */
	private static final class Forward extends BaseSubscriber<Void> {

		private final MonoSink<Void> sink;

		Forward(MonoSink<Void> sink) {
			this.sink = sink;
		}

		@Override
		public Context currentContext() {
			return Context.of(this.sink.contextView());
		}

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		protected void hookOnComplete() {
			this.sink.success();
		}

		@Override
		protected void hookOnError(Throwable failure) {
			this.sink.error(failure);
		}

	}

}
