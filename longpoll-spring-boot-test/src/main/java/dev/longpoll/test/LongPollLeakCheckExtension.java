package dev.longpoll.test;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.longpoll.internal.LiveResources;

/**
 * A JUnit 5 extension that fails a test class which leaves a long-poll listener running
 * or a long-poll HTTP client undisposed once it is done: a listener started by hand and
 * never stopped, a registry created by hand and never stopped, a client never destroyed.
 * What an open application context owns is not a leak (Spring's test context cache keeps
 * contexts open across classes; closing one stops its listeners and destroys its client).
 * Such leftovers keep polling in the background of later tests, where they show up as
 * WARN lines and flaky failures far from their cause.
 * <p>
 * Register it on a class with {@code @ExtendWith(LongPollLeakCheckExtension.class)}, or for
 * every class of a module through JUnit's extension auto-detection: a file
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} in the test
 * resources naming this class, and {@code junit.jupiter.extensions.autodetection.enabled=true}
 * in {@code junit-platform.properties}.
 */
public class LongPollLeakCheckExtension implements BeforeAllCallback, AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(LongPollLeakCheckExtension.class);

	private static final String MARK = "mark";

	/** How long a stop that is under way gets to finish before what is left counts as leaked. */
	private static final Duration GRACE = Duration.ofSeconds(10);

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getStore(NAMESPACE).put(MARK, LiveResources.mark());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		Long mark = context.getStore(NAMESPACE).get(MARK, Long.class);
		if (mark == null) {
			return;
		}
		String owner = context.getDisplayName();
		try {
			Awaitility.await()
				.atMost(GRACE)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> LiveResources.leakReport(owner, mark) == null);
		}
		catch (ConditionTimeoutException ex) {
			String report = LiveResources.leakReport(owner, mark);
			if (report != null) {
				throw new AssertionError(report);
			}
		}
	}

}
