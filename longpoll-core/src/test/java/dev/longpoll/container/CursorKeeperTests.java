package dev.longpoll.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import dev.longpoll.client.PollRequest;
import dev.longpoll.cursor.CursorPosition;
import dev.longpoll.cursor.DeclarativeCursorStrategy;
import dev.longpoll.cursor.HeaderEcho;
import dev.longpoll.cursor.InMemoryCursorStore;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.LongPollDecodingException;

import static dev.longpoll.container.StubLongPollClient.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The cursor of one listener: loaded once per run, put on each request, committed to the
 * store before it is used, and reset to the initial one.
 */
class CursorKeeperTests {

	private final InMemoryCursorStore store = new InMemoryCursorStore();

	private final List<String> resets = new ArrayList<>();

	private final LongPollEndpoint endpoint = LongPollEndpoint.builder("keeper")
		.url("http://feed.test/")
		.initialCursor("0")
		.cursorStore(this.store)
		.cursorStrategy(new DeclarativeCursorStrategy(new DeclarativeCursorStrategy.Source(null, "/last", "", null),
				new DeclarativeCursorStrategy.Target("after", null), JsonMapper.shared()))
		.headerEcho(new HeaderEcho(Map.of("ETag", "If-None-Match")))
		.handler((response, cursor) -> Mono.empty())
		.build();

	private final CursorKeeper keeper = new CursorKeeper(this.endpoint, Schedulers.immediate(),
			(abandoned, reason) -> this.resets.add(abandoned + " " + reason));

	private PollRequest request() {
		return new PollRequestFactory(this.endpoint, List.of()).create(this.keeper.position());
	}

	@Test
	void storedCursorWinsOverTheInitialOneOnLoad() {
		this.store.save("keeper", CursorPosition.of("41"));
		assertThat(this.keeper.current()).isEqualTo("0");
		this.keeper.loadIfNeeded().block();
		assertThat(this.keeper.current()).isEqualTo("41");
		assertThat(request().uri().getQuery()).isEqualTo("after=41");
	}

	@Test
	void commitStoresTheCursorAndEchoesTheHeaders() {
		this.keeper.commit("5", response(200, "{\"last\":5}", "ETag", "\"v5\"")).block();
		assertThat(this.store.load("keeper")).isEqualTo(new CursorPosition("5", Map.of("If-None-Match", "\"v5\"")));
		assertThat(request().headers().getFirst("If-None-Match")).isEqualTo("\"v5\"");
		assertThat(request().uri().getQuery()).isEqualTo("after=5");
	}

	@Test
	void numericCursorGoingBackwardsIsResetToTheInitialOne() {
		this.keeper.commit("9", response(200, "{}")).block();
		this.keeper.commit("3", response(200, "{}")).block();
		assertThat(this.keeper.current()).isEqualTo("0");
		assertThat(this.store.load("keeper")).isEqualTo(CursorPosition.of("0"));
		assertThat(this.resets).singleElement().asString().contains("went backwards from '9' to '3'");
	}

	@Test
	void aSecondResetInARowIsRefused() {
		this.keeper.commit("9", response(200, "{}")).block();
		assertThat(this.keeper.canReset()).isTrue();
		this.keeper.reset("gone").block();
		assertThat(this.keeper.canReset()).isFalse();
	}

	@Test
	void anUnreadableCursorIsADecodingFailureNamingTheListener() {
		assertThatExceptionOfType(LongPollDecodingException.class)
			.isThrownBy(() -> this.keeper.next(response(200, "{not json"), true))
			.withMessageContaining("'keeper'")
			.withMessageContaining("a cursor");
	}

}
