package dev.longpoll.endpoint;

/**
 * A listener is configured in a way that cannot work; startup fails with a message that
 * names the listener, what is wrong and how to fix it.
 */
public class ListenerConfigurationException extends IllegalStateException {

	private final String source;

	private final String problem;

	private final String action;

	/**
	 * Create an exception.
	 * @param source where the listener was declared, such as
	 * {@code @LongPollListener method 'on' on bean 'orders' (listener 'orders')}
	 * @param problem what is wrong
	 * @param action how to fix it
	 */
	public ListenerConfigurationException(String source, String problem, String action) {
		this(source, problem, action, null);
	}

	/**
	 * Create an exception with a cause.
	 * @param source where the listener was declared
	 * @param problem what is wrong
	 * @param action how to fix it
	 * @param cause what was thrown, or {@code null}
	 */
	public ListenerConfigurationException(String source, String problem, String action,
			@org.jspecify.annotations.Nullable Throwable cause) {
		super(source + ": " + problem + "; " + action, cause);
		this.source = source;
		this.problem = problem;
		this.action = action;
	}

	/**
	 * Where the listener was declared.
	 * @return the source
	 */
	public String getSource() {
		return this.source;
	}

	/**
	 * What is wrong.
	 * @return the problem
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * How to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
