package dev.longpoll.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.handler.LongPollHandler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP side of listeners against a real server: POST feeds, redirects and TLS through
 * Spring SSL bundles.
 */
class WebClientLongPollClientTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
				JacksonAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("longpoll.defaults.backoff.initial-interval=50ms", "longpoll.defaults.backoff.jitter=0ms");

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private LongPollContainer register(LongPollListenerRegistry registry, String id, String url) {
		return registry.register(id, url, LongPollHandler.blocking((response, cursor) -> this.bodies.add(response.bodyAsString())));
	}

	@Test
	void postFeedSendsTheConfiguredBody() {
		server.stubFor(post(urlPathEqualTo("/poll")).willReturn(aResponse().withStatus(204).withFixedDelay(100)));
		this.contextRunner
			.withPropertyValues("longpoll.listeners.posting.method=POST",
					"longpoll.listeners.posting.body={\"topics\":[\"a\"]}",
					"longpoll.listeners.posting.headers.Content-Type=application/json")
			.run((context) -> {
				register(context.getBean(LongPollListenerRegistry.class), "posting", server.baseUrl() + "/poll");
				await().atMost(Duration.ofSeconds(3))
					.untilAsserted(() -> server.verify(postRequestedFor(urlPathEqualTo("/poll"))
						.withRequestBody(equalTo("{\"topics\":[\"a\"]}"))
						.withHeader("Content-Type", equalTo("application/json"))));
			});
	}

	@Test
	void redirectIsNotFollowedByDefault() {
		server.stubFor(get(urlPathEqualTo("/old")).willReturn(aResponse().withStatus(302).withHeader("Location", "/new")));
		server.stubFor(get(urlPathEqualTo("/new")).willReturn(okJson("[1]")));
		this.contextRunner.run((context) -> {
			LongPollContainer container = register(context.getBean(LongPollListenerRegistry.class), "redirected",
					server.baseUrl() + "/old");
			await().atMost(Duration.ofSeconds(3)).until(() -> container.consecutiveFailures() >= 2);
			assertThat(container.lastError()).hasMessageContaining("HTTP 302").hasMessageContaining("follow-redirects");
			assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/new")))).isEmpty();
			assertThat(this.bodies).isEmpty();
		});
	}

	@Test
	void redirectIsFollowedWhenEnabled() {
		server.stubFor(get(urlPathEqualTo("/old")).willReturn(aResponse().withStatus(302).withHeader("Location", "/moved")));
		server.stubFor(get(urlPathEqualTo("/moved")).willReturn(okJson("[1]").withFixedDelay(100)));
		this.contextRunner.withPropertyValues("longpoll.listeners.redirected.follow-redirects=true").run((context) -> {
			register(context.getBean(LongPollListenerRegistry.class), "redirected", server.baseUrl() + "/old");
			await().atMost(Duration.ofSeconds(3)).until(() -> !this.bodies.isEmpty());
			assertThat(this.bodies.get(0)).isEqualTo("[1]");
		});
	}

	@Test
	void httpsFeedIsTrustedThroughAnSslBundle(@TempDir Path dir) throws Exception {
		Path keystore = dir.resolve("feed.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "feed", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
				"-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keystore.toString(), "-storepass", "secret", "-keypass", "secret")
			.inheritIO()
			.start();
		assertThat(keytool.waitFor()).isZero();
		WireMockServer https = new WireMockServer(wireMockConfig().dynamicPort()
			.dynamicHttpsPort()
			.keystorePath(keystore.toString())
			.keystorePassword("secret")
			.keyManagerPassword("secret")
			.keystoreType("PKCS12"));
		https.start();
		try {
			https.stubFor(get(urlPathEqualTo("/secure")).willReturn(okJson("[\"tls\"]").withFixedDelay(100)));
			String url = "https://localhost:" + https.httpsPort() + "/secure";
			this.contextRunner
				.withPropertyValues("spring.ssl.bundle.jks.feed.truststore.location=file:" + keystore,
						"spring.ssl.bundle.jks.feed.truststore.password=secret",
						"spring.ssl.bundle.jks.feed.truststore.type=PKCS12",
						"longpoll.listeners.trusted.ssl-bundle=feed")
				.run((context) -> {
					LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
					LongPollContainer untrusted = register(registry, "untrusted", url);
					register(registry, "trusted", url);
					await().atMost(Duration.ofSeconds(5)).until(() -> !this.bodies.isEmpty());
					assertThat(this.bodies.get(0)).isEqualTo("[\"tls\"]");
					await().atMost(Duration.ofSeconds(5)).until(() -> untrusted.consecutiveFailures() > 0);
					assertThat(untrusted.lastError()).hasStackTraceContaining("PKIX");
				});
		}
		finally {
			https.stop();
		}
	}

}
