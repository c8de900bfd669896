package dev.longpoll.autoconfigure;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preinitializer is one Spring Boot runs, and it loads what starting a listener needs
 * without starting anything: no thread outlives it.
 */
class LongPollBackgroundPreinitializerTests {

	@Test
	void bootFindsIt() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(BackgroundPreinitializer.class))
			.hasAtLeastOneElementOfType(LongPollBackgroundPreinitializer.class);
	}

	@Test
	void itStartsNoThread() throws Exception {
		Set<String> before = threads();
		new LongPollBackgroundPreinitializer().preinitialize();
		assertThat(threads()).isSubsetOf(before);
	}

	private static Set<String> threads() {
		return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
	}

}
