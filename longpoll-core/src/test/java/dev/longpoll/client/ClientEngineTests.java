package dev.longpoll.client;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which engine sends polls ({@link ClientEngine}), and that polls sent by Reactor Netty
 * directly carry and read what the WebClient ones do, against a real server (WireMock).
 */
class ClientEngineTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static final ClientOptions OPTIONS = new ClientOptions(Duration.ofSeconds(2), null, false);

	private WebClientLongPollClient client;

	@AfterEach
	void destroy() {
		if (this.client != null) {
			this.client.destroy();
		}
	}

	private WebClientLongPollClient client(WebClient.Builder builder, ClientEngine engine) {
		this.client = new WebClientLongPollClient(ConnectionProvider.create("test", 4), builder).engine(engine);
		return this.client;
	}

	private static WebClient.Builder withFilter() {
		return WebClient.builder()
			.filter((request, next) -> next.exchange(ClientRequest.from(request).header("X-Filtered", "yes").build()));
	}

	private PollRequest.Builder request(String path, int maxBodySize) {
		return PollRequest.builder("feed", PollRequest.Url.parse(server.baseUrl() + path), Duration.ofSeconds(5),
				maxBodySize, OPTIONS);
	}

	@Test
	void autoGoesDirectWhenTheBuilderAddsNothingAndThroughWebClientOtherwise() {
		assertThat(client(WebClient.builder(), ClientEngine.AUTO).viaWebClient()).isFalse();
		this.client.destroy();
		assertThat(client(withFilter(), ClientEngine.AUTO).viaWebClient()).isTrue();
		this.client.destroy();
		assertThat(client(WebClient.builder().defaultHeader("Authorization", "Bearer x"), ClientEngine.AUTO)
			.viaWebClient()).isTrue();
		this.client.destroy();
		assertThat(client(WebClient.builder().defaultRequest((spec) -> spec.header("A", "b")), ClientEngine.AUTO)
			.viaWebClient()).isTrue();
		this.client.destroy();
		assertThat(client(WebClient.builder().observationRegistry(ObservationRegistry.create()), ClientEngine.AUTO)
			.viaWebClient()).isTrue();
		this.client.destroy();
		assertThat(client(WebClient.builder().observationRegistry(ObservationRegistry.NOOP), ClientEngine.AUTO)
			.viaWebClient()).isFalse();
	}

	@Test
	void aFilterOfTheApplicationAppliesUnderAutoAndWebClientButNotReactorNetty() {
		server.stubFor(get(urlPathEqualTo("/filtered")).willReturn(aResponse().withStatus(204)));
		for (ClientEngine engine : List.of(ClientEngine.AUTO, ClientEngine.WEBCLIENT)) {
			client(withFilter(), engine).exchange(request("/filtered", 1024).header("X-Engine", engine.name()).build())
				.block(Duration.ofSeconds(5));
			server.verify(getRequestedFor(urlPathEqualTo("/filtered")).withHeader("X-Engine", equalTo(engine.name()))
				.withHeader("X-Filtered", equalTo("yes")));
			this.client.destroy();
		}
		client(withFilter(), ClientEngine.REACTOR_NETTY).exchange(request("/filtered", 1024).header("X-Engine", "direct")
			.build()).block(Duration.ofSeconds(5));
		server.verify(getRequestedFor(urlPathEqualTo("/filtered")).withHeader("X-Engine", equalTo("direct"))
			.withHeader("X-Filtered", absent()));
	}

	@Test
	void reactorNettySendsHeadersAndBodyAndReadsStatusHeadersAndBodyAsWebClientDoes() {
		server.stubFor(post(urlPathEqualTo("/both")).willReturn(aResponse().withStatus(200)
			.withHeader("X-Index", "42")
			.withHeader("Content-Type", "application/json")
			.withBody("[{\"id\":1}]")));
		for (ClientEngine engine : List.of(ClientEngine.WEBCLIENT, ClientEngine.REACTOR_NETTY)) {
			LongPollResponse response = client(WebClient.builder(), engine)
				.exchange(request("/both?after=7", 1024).method(HttpMethod.POST)
					.body("{\"engine\":\"" + engine + "\"}")
					.header("X-Engine", engine.name())
					.build())
				.block(Duration.ofSeconds(5));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.headers().getFirst("x-index")).isEqualTo("42");
			assertThat(response.contentType()).hasToString("application/json");
			assertThat(response.bodyAsString()).isEqualTo("[{\"id\":1}]");
			server.verify(postRequestedFor(urlPathEqualTo("/both")).withQueryParam("after", equalTo("7"))
				.withHeader("X-Engine", equalTo(engine.name()))
				.withHeader("Content-Length", equalTo(String.valueOf(("{\"engine\":\"" + engine + "\"}").length())))
				.withRequestBody(equalTo("{\"engine\":\"" + engine + "\"}")));
			this.client.destroy();
		}
	}

	@Test
	void reactorNettyRefusesABodyOverTheCapInChunksAsWebClientDoes() {
		String big = "x".repeat(50_000);
		server.stubFor(get(urlPathEqualTo("/big")).willReturn(aResponse().withStatus(200).withBody(big)));
		server.stubFor(get(urlPathEqualTo("/fits")).willReturn(aResponse().withStatus(200).withBody(big)));
		for (ClientEngine engine : List.of(ClientEngine.WEBCLIENT, ClientEngine.REACTOR_NETTY)) {
			WebClientLongPollClient client = client(WebClient.builder(), engine);
			assertThatExceptionOfType(LongPollBodyTooLargeException.class)
				.isThrownBy(() -> client.exchange(request("/big", 10_000).build()).block(Duration.ofSeconds(5)));
			assertThat(client.exchange(request("/fits", 50_000).build()).block(Duration.ofSeconds(5)).body())
				.hasSize(50_000);
			client.destroy();
		}
	}

	@Test
	void theEngineIsChosenBeforeTheFirstPoll() {
		WebClientLongPollClient client = client(WebClient.builder(), ClientEngine.AUTO);
		client.viaWebClient();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> client.engine(ClientEngine.WEBCLIENT));
	}

}
