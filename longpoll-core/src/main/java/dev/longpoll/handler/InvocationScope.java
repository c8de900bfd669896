package dev.longpoll.handler;

import java.util.function.Supplier;

/**
 * Something opened on the handler thread around each call of user code and closed on
 * the same thread right after it, such as the scope of a tracing observation, so that the
 * user's log lines carry its trace. The loop offers a {@code Supplier<InvocationScope>}
 * in the Reactor context of the handler under {@link #CONTEXT_KEY}.
 */
@FunctionalInterface
public interface InvocationScope extends AutoCloseable {

	/** The Reactor context key of the {@code Supplier<InvocationScope>}. */
	String CONTEXT_KEY = InvocationScope.class.getName();

	/** A scope that does nothing. */
	InvocationScope NONE = () -> {
	};

	/** Opens {@link #NONE}. */
	Supplier<InvocationScope> NO_SCOPES = () -> NONE;

	@Override
	void close();

}
