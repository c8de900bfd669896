package dev.longpoll.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.longpoll.endpoint.ListenerConfigurationException;

/**
 * Turns a listener that cannot work into Spring Boot's startup report: what is wrong with
 * which listener, and the action that fixes it.
 */
public class LongPollFailureAnalyzer extends AbstractFailureAnalyzer<ListenerConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ListenerConfigurationException cause) {
		return new FailureAnalysis("Long-poll listener " + cause.getSource() + ": " + cause.getProblem() + ".",
				capitalize(cause.getAction()) + ".", cause);
	}

	private static String capitalize(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
