package dev.longpoll.handler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.MDC;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

import dev.longpoll.client.LongPollResponse;

/**
 * {@link LongPollHandler} that calls a bean method, converting the response to what its
 * single parameter takes and waiting for a {@code Mono} or {@code CompletionStage} it
 * returns, or for a Kotlin {@code suspend fun} to complete. Each call runs on the handler scheduler with the listener id in the MDC under
 * {@value #MDC_KEY} (what was there before is put back afterwards) and inside the
 * {@link InvocationScope} the loop offers, such as a tracing scope.
 */
public final class MethodLongPollHandler implements LongPollHandler {

	/** The MDC key that holds the listener id while a handler runs. */
	public static final String MDC_KEY = "longpoll.listener";

	private static final Object NO_ARGUMENT = new Object();

	/** A synchronous call that returned: nothing to wait for. */
	private static final Mono<Void> DONE = Mono.empty();

	private final String listenerId;

	private final Object bean;

	private final Method method;

	private final Scheduler scheduler;

	private final @Nullable PayloadConverter converter;

	private final boolean envelope;

	/** A Kotlin {@code suspend fun}, whose last JVM parameter is the continuation. */
	private final boolean suspending;

	/**
	 * Create a handler for a method.
	 * @param listenerId the listener id
	 * @param bean the bean (possibly a proxy) to call
	 * @param method the method, invocable on {@code bean}
	 * @param selector selects the payload in the body
	 * @param scheduler the scheduler handler calls run on
	 * @throws IllegalArgumentException if the method's parameters cannot be served
	 */
	public MethodLongPollHandler(String listenerId, Object bean, Method method, PayloadSelector selector,
			Scheduler scheduler) {
		this.listenerId = listenerId;
		this.bean = bean;
		this.method = method;
		this.scheduler = scheduler;
		ReflectionUtils.makeAccessible(method);
		this.suspending = KotlinDetector.isSuspendingFunction(method);
		int parameters = method.getParameterCount() - (this.suspending ? 1 : 0);
		if (parameters > 1) {
			throw new IllegalArgumentException("it takes " + parameters
					+ " parameters; take at most one: the payload type, String, byte[], List<T> or LongPollMessage<T>");
		}
		if (parameters == 0) {
			this.converter = null;
			this.envelope = false;
			return;
		}
		ResolvableType type = ResolvableType.forMethodParameter(new MethodParameter(method, 0));
		this.envelope = LongPollMessage.class.equals(type.toClass());
		ResolvableType payloadType = this.envelope ? type.getGeneric(0) : type;
		if (payloadType.resolve() == null) {
			payloadType = ResolvableType.forClass(Object.class);
		}
		this.converter = new PayloadConverter(listenerId, selector, payloadType);
	}

	@Override
	public Mono<Void> handle(LongPollResponse response, @Nullable String cursor) {
		return Mono.deferContextual((context) -> invokeFrom(payloads(response, cursor), 0,
				context.getOrDefault(InvocationScope.CONTEXT_KEY, InvocationScope.NO_SCOPES)));
	}

	/**
	 * Call the method for each payload from {@code index} on, in order, on the current
	 * (handler) thread; an asynchronous result is awaited and the rest continue on the
	 * handler scheduler, never on the thread that completed it.
	 */
	private Mono<Void> invokeFrom(List<Object> payloads, int index, Supplier<InvocationScope> scopes) {
		for (int i = index; i < payloads.size(); i++) {
			Mono<Void> pending = invoke(payloads.get(i), scopes);
			if (pending != DONE) {
				int next = i + 1;
				return pending
					.then(Mono.defer(() -> invokeFrom(payloads, next, scopes)).subscribeOn(this.scheduler));
			}
		}
		return Mono.empty();
	}

	private List<Object> payloads(LongPollResponse response, @Nullable String cursor) {
		if (this.converter == null) {
			return List.of(NO_ARGUMENT);
		}
		List<Object> converted = this.converter.convert(response);
		List<Object> payloads = new ArrayList<>(converted.size());
		for (Object payload : converted) {
			if (payload != null) {
				payloads.add(this.envelope ? new LongPollMessage<>(this.listenerId, payload, response.status(),
						response.headers(), cursor) : payload);
			}
		}
		return payloads;
	}

	private Mono<Void> invoke(Object payload, Supplier<InvocationScope> scopes) {
		Object result;
		String previous = MDC.get(MDC_KEY);
		MDC.put(MDC_KEY, this.listenerId);
		try (InvocationScope scope = scopes.get()) {
			if (this.suspending) { // started when subscribed, with the MDC and the scope's thread locals
				result = (this.converter != null)
						? SuspendingInvocation.invoke(this.method, this.bean, this.listenerId, payload)
						: SuspendingInvocation.invoke(this.method, this.bean, this.listenerId);
			}
			else {
				result = (this.converter != null) ? this.method.invoke(this.bean, payload)
						: this.method.invoke(this.bean);
			}
		}
		catch (InvocationTargetException ex) {
			throw Exceptions.propagate(ex.getTargetException());
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			if (previous != null) {
				MDC.put(MDC_KEY, previous);
			}
			else {
				MDC.remove(MDC_KEY);
			}
		}
		if (result instanceof Publisher<?> publisher) {
			return Mono.from(publisher).then();
		}
		if (result instanceof CompletionStage<?> stage) {
			return Mono.fromCompletionStage(stage).then();
		}
		return DONE;
	}

}
