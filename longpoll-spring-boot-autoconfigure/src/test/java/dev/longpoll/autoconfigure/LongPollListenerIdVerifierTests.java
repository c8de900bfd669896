package dev.longpoll.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.longpoll.annotation.LongPollListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Settings for a listener id that no listener has: a typo fails startup with Spring Boot's
 * report and its action; another id gets one WARN once the application is ready.
 */
@ExtendWith(OutputCaptureExtension.class)
class LongPollListenerIdVerifierTests {

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Feed feed() {
			return new Feed();
		}

	}

	static class Feed {

		@LongPollListener(id = "feed", url = "http://127.0.0.1:1/feed", autoStartup = "false")
		void on(String body) {
		}

	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	@Test
	void aTypoOfAKnownIdFailsStartupWithTheFix(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("longpoll.listeners.fed.timeout=5s"))
			.withMessageContaining("did you mean 'feed'?");
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains("Long-poll listener 'longpoll.listeners.fed': no listener has the id 'fed'")
			.contains("Action:")
			.contains("Rename 'longpoll.listeners.fed' to 'longpoll.listeners.feed'");
	}

	@Test
	void anUnrelatedIdIsLeftForRuntimeListenersWithOneWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("longpoll.listeners.tenant-42.timeout=5s",
				"longpoll.listeners.feed-2.timeout=5s")) {
			List<String> warnings = output.getOut()
				.lines()
				.filter((line) -> line.contains(" WARN ") && line.contains("longpoll.listeners"))
				.toList();
			assertThat(warnings).singleElement()
				.asString()
				.contains("[feed-2, tenant-42] match no listener")
				.contains("listeners: [feed]");
		}
	}

	@Test
	void theSectionsAreReadOncePerEnvironmentAndShared() {
		LongPollListenerIdVerifier verifier = new LongPollListenerIdVerifier();
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("longpoll.listeners.feed.timeout", "5s")));
		ListenerSections sections = verifier.sections(environment);
		assertThat(sections.ids()).containsExactly("feed");
		assertThat(verifier.sections(environment)).isSameAs(sections);
		assertThat(verifier.sections(new StandardEnvironment())).isNotSameAs(sections);
	}

	@Test
	void theFailureAnalyzerGivesTheListenerProblemAndAction() {
		var analysis = new LongPollFailureAnalyzer().analyze(new IllegalStateException(
				new dev.longpoll.endpoint.ListenerConfigurationException("@LongPollListener method 'on' on bean 'x'",
						"no URL", "set the annotation's 'url'")));
		assertThat(analysis.getDescription()).isEqualTo("Long-poll listener @LongPollListener method 'on' on bean 'x': no URL.");
		assertThat(analysis.getAction()).isEqualTo("Set the annotation's 'url'.");
	}

}
