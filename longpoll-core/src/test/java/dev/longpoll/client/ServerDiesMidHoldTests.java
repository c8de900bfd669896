package dev.longpoll.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

import dev.longpoll.test.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that dies while it holds polls whose headers and part of whose body arrived:
 * when a poll's client timeout cancels the body just as the connection closes, Reactor
 * Netty hands the close to {@code Operators.onErrorDropped}, which logged an ERROR with a
 * stack trace. The client keeps such errors to itself.
 */
class ServerDiesMidHoldTests {

	@Test
	void connectionsClosingAsTheirPollsTimeOutLogNoError() throws Exception {
		List<Channel> held = new CopyOnWriteArrayList<>();
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> response.header("Content-Type", "application/json")
				.withConnection((connection) -> held.add(connection.channel()))
				.sendString(Flux.just("[1,").concatWith(Flux.never())))
			.bindNow();
		WebClientLongPollClient client = new WebClientLongPollClient(ConnectionProvider.builder("dies").build(),
				WebClient.builder());
		try (LogCapture log = LogCapture.of("reactor")) {
			for (int attempt = 0; attempt < 30; attempt++) {
				held.clear();
				PollRequest request = PollRequest.builder("dies",
						UriComponentsBuilder.fromUriString("http://127.0.0.1:" + server.port() + "/feed"),
						Duration.ofMillis(100), 1000, new ClientOptions(Duration.ofSeconds(1), null, false))
					.build();
				client.exchange(request).onErrorResume((ex) -> Mono.empty()).subscribe();
				// the server dies around the moment the client's timeout fires
				Thread.sleep(95 + (attempt % 10));
				held.forEach(Channel::close);
				Thread.sleep(30);
			}
			assertThat(log.lines("ERROR")).isEmpty();
		}
		finally {
			client.destroy();
			server.disposeNow();
		}
	}

}
