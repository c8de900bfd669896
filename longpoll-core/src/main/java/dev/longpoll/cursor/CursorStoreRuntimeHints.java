package dev.longpoll.cursor;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Keeps the JDBC store's schema scripts in a native image.
 */
class CursorStoreRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("dev/longpoll/cursor/schema*.sql");
		hints.resources().registerPattern("dev/longpoll/cluster/schema-lock-*.sql");
	}

}
