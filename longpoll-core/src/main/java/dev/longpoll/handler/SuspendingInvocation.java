package dev.longpoll.handler;

import java.lang.reflect.Method;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import kotlin.coroutines.AbstractCoroutineContextElement;
import kotlin.coroutines.CoroutineContext;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.ThreadContextElement;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.MDC;

import org.springframework.core.CoroutinesUtils;
import org.springframework.util.ClassUtils;

/**
 * Calls a Kotlin {@code suspend fun} listener method through Spring's own coroutine
 * support ({@link CoroutinesUtils#invokeSuspendingFunction}). The coroutine starts on the
 * handler thread (an unconfined dispatcher) and sees, there and on every thread it resumes
 * on after a suspension, what a blocking method sees: the listener id in the MDC and the
 * thread-local values registered with Micrometer's context propagation as they were when
 * the call began (the handler observation and a tracer's span among them). Spring's
 * {@code PropagationContextElement} is not used because inside {@code mono {}} it reads the
 * Reactor context, which does not hold those values. Cancelling the returned publisher
 * cancels the coroutine. Loaded only for suspending functions, so Kotlin stays optional.
 */
final class SuspendingInvocation {

	private static final boolean contextPropagationPresent = ClassUtils
		.isPresent("io.micrometer.context.ContextSnapshotFactory", SuspendingInvocation.class.getClassLoader());

	private SuspendingInvocation() {
	}

	/**
	 * Call a suspending function.
	 * @param method the function
	 * @param bean the bean to call it on
	 * @param listenerId the listener, for the MDC
	 * @param args its arguments, without the continuation
	 * @return a publisher of its result; subscribing starts the coroutine
	 */
	static Publisher<?> invoke(Method method, Object bean, String listenerId, @Nullable Object... args) {
		CoroutineContext context = Dispatchers.getUnconfined()
			.plus(new HandlerThreadContext(listenerId, contextPropagationPresent ? Snapshots.capture() : null));
		return CoroutinesUtils.invokeSuspendingFunction(context, method, bean, args);
	}

	/**
	 * What the coroutine's thread holds while it runs on it: the listener id in the MDC and
	 * the captured thread-local values; what was there before comes back when it leaves.
	 */
	private static final class HandlerThreadContext extends AbstractCoroutineContextElement
			implements ThreadContextElement<HandlerThreadContext.Previous> {

		private static final Key KEY = new Key();

		private final String listenerId;

		private final @Nullable Object snapshot;

		HandlerThreadContext(String listenerId, @Nullable Object snapshot) {
			super(KEY);
			this.listenerId = listenerId;
			this.snapshot = snapshot;
		}

		@Override
		public Previous updateThreadContext(CoroutineContext context) {
			String mdc = MDC.get(MethodLongPollHandler.MDC_KEY);
			MDC.put(MethodLongPollHandler.MDC_KEY, this.listenerId);
			return new Previous(mdc, (this.snapshot != null) ? Snapshots.set(this.snapshot) : null);
		}

		@Override
		public void restoreThreadContext(CoroutineContext context, Previous previous) {
			if (previous.scope() != null) {
				Snapshots.close(previous.scope());
			}
			if (previous.mdc() != null) {
				MDC.put(MethodLongPollHandler.MDC_KEY, previous.mdc());
			}
			else {
				MDC.remove(MethodLongPollHandler.MDC_KEY);
			}
		}

		record Previous(@Nullable String mdc, @Nullable Object scope) {
		}

		private static final class Key implements CoroutineContext.Key<HandlerThreadContext> {

		}

	}

	/**
	 * Micrometer's context propagation, touched only when it is on the class path.
	 */
	private static final class Snapshots {

		private static final ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();

		static Object capture() {
			return factory.captureAll();
		}

		static Object set(Object snapshot) {
			return ((ContextSnapshot) snapshot).setThreadLocals();
		}

		static void close(Object scope) {
			((ContextSnapshot.Scope) scope).close();
		}

	}

}
