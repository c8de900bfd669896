package dev.longpoll;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.longpoll.internal.LiveResources;

/**
 * The test kit's {@code LongPollLeakCheckExtension} for this module, which the kit depends
 * on: fails a test class that leaves a listener running or a client undisposed. Registered
 * for every class through {@code META-INF/services}.
 */
public class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(LeakCheckExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getStore(NAMESPACE).put("mark", LiveResources.mark());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		long mark = context.getStore(NAMESPACE).get("mark", Long.class);
		try {
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> LiveResources.leakReport(context.getDisplayName(), mark) == null);
		}
		catch (ConditionTimeoutException ex) {
			String report = LiveResources.leakReport(context.getDisplayName(), mark);
			if (report != null) {
				throw new AssertionError(report);
			}
		}
	}

}
