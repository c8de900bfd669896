package dev.longpoll.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.annotation.LongPollListener;
import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.test.ConnectProxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Polls through a proxy: the JVM's proxy properties by default, or one configured for the
 * listener, credentials included. The origin is a name only the proxy can resolve, so an
 * event that arrives came through it.
 */
@ExtendWith(OutputCaptureExtension.class)
class LongPollProxyTests {

	private static final String PASSWORD = "pr0xy-s3cret";

	@RegisterExtension
	static WireMockExtension origin = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
				JacksonAutoConfiguration.class))
		.withBean(Listener.class)
		.withPropertyValues("feed.url=http://origin.test:" + origin.getPort() + "/feed");

	static class Listener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@LongPollListener(id = "proxied", url = "${feed.url}")
		void on(String body) {
			this.received.add(body);
		}

	}

	private static void oneEventThenHold() {
		origin.stubFor(get(urlPathEqualTo("/feed")).inScenario("p").whenScenarioStateIs(STARTED)
			.willReturn(okJson("[{\"id\":1}]")).willSetStateTo("held"));
		origin.stubFor(get(urlPathEqualTo("/feed")).inScenario("p").whenScenarioStateIs("held")
			.willReturn(aResponse().withStatus(204).withFixedDelay(2000)));
	}

	@Test
	void aConfiguredProxyWithCredentialsCarriesThePollsAndTheCredentialsGoNoFurther(CapturedOutput output)
			throws Exception {
		oneEventThenHold();
		try (ConnectProxy proxy = new ConnectProxy(Map.of("origin.test", origin.getPort()), "app", PASSWORD)) {
			this.contextRunner
				.withPropertyValues("longpoll.listeners.proxied.proxy.type=http",
						"longpoll.listeners.proxied.proxy.host=127.0.0.1",
						"longpoll.listeners.proxied.proxy.port=" + proxy.port(),
						"longpoll.listeners.proxied.proxy.username=app",
						"longpoll.listeners.proxied.proxy.password=" + PASSWORD)
				.run((context) -> {
					Listener listener = context.getBean(Listener.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 1);
				});
			assertThat(proxy.connects()).contains("origin.test:" + origin.getPort());
			assertThat(proxy.authorizations()).anyMatch((header) -> header.startsWith("Basic "));
		}
		List<LoggedRequest> atOrigin = origin.findAll(anyRequestedFor(anyUrl()));
		assertThat(atOrigin).isNotEmpty()
			.allSatisfy((request) -> assertThat(request.containsHeader("Proxy-Authorization")).isFalse());
		assertThat(output.getOut()).doesNotContain(PASSWORD);
	}

	@Test
	void theJvmsProxyPropertiesApplyByDefault() throws Exception {
		oneEventThenHold();
		try (ConnectProxy proxy = new ConnectProxy(Map.of("origin.test", origin.getPort()), null, null)) {
			System.setProperty("http.proxyHost", "127.0.0.1");
			System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
			try {
				this.contextRunner.run((context) -> {
					Listener listener = context.getBean(Listener.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 1);
				});
			}
			finally {
				System.clearProperty("http.proxyHost");
				System.clearProperty("http.proxyPort");
			}
			assertThat(proxy.connects()).contains("origin.test:" + origin.getPort());
		}
	}

	@Test
	void aProxyTypeWithoutHostFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("longpoll.listeners.proxied.proxy.type=socks5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'longpoll.listeners.proxied.proxy.host'"));
	}

}
