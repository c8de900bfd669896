package dev.longpoll.client;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Keeps a cancel from throwing upstream of it. Cancelling an exchange whose event loop has
 * been shut down (its client was destroyed) throws {@code RejectedExecutionException}; thrown
 * inside {@code timeout}'s timer, that would lose the timeout itself and leave the poll, and
 * its listener, waiting for ever. Here the failed cancel is logged at DEBUG and the
 * cancelling operator goes on.
 */
final class SafeCancel {

	private static final Log logger = LogFactory.getLog(SafeCancel.class);

	private SafeCancel() {
	}

	/**
	 * The exchange with the guard, for {@code Mono.transform}.
	 * @param exchange the exchange
	 * @return the guarded exchange
	 */
	static Mono<LongPollResponse> guard(Mono<LongPollResponse> exchange) {
		return new Guarded<>(exchange);
	}

	/** The operator itself: no lifting function or name built per poll. */
	private static final class Guarded<T> extends MonoOperator<T, T> {

		Guarded(Mono<? extends T> source) {
			super(source);
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new Subscriber<>(actual));
		}

	}

	private static final class Subscriber<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private Subscription upstream = Operators.emptySubscription();

		Subscriber(CoreSubscriber<? super T> actual) {
			this.actual = actual;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.upstream = subscription;
			this.actual.onSubscribe(this);
		}

		@Override
		public void onNext(T value) {
			this.actual.onNext(value);
		}

		@Override
		public void onError(Throwable failure) {
			this.actual.onError(failure);
		}

		@Override
		public void onComplete() {
			this.actual.onComplete();
		}

		@Override
		public void request(long n) {
			this.upstream.request(n);
		}

		@Override
		public void cancel() {
			try {
				this.upstream.cancel();
			}
			catch (RuntimeException ex) {
				if (logger.isDebugEnabled()) {
					logger.debug("Cancelling a long-poll exchange failed (its event loop is gone): " + ex);
				}
			}
		}

	}

}
