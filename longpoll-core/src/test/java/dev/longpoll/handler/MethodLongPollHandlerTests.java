package dev.longpoll.handler;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.util.ReflectionUtils;

import dev.longpoll.client.LongPollResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What a listener method receives for each parameter type: the payload is selected once
 * and decoded once, an array is split into one call per element, in order.
 */
class MethodLongPollHandlerTests {

	record Event(int id) {
	}

	static class Listener {

		final List<Object> received = new CopyOnWriteArrayList<>();

		void event(Event event) {
			this.received.add(event);
		}

		void events(List<Event> events) {
			this.received.add(events);
		}

		void text(String body) {
			this.received.add(body);
		}

		void bytes(byte[] body) {
			this.received.add(new String(body, StandardCharsets.UTF_8));
		}

		void tree(JsonNode body) {
			this.received.add(body.toString());
		}

		void message(LongPollMessage<Event> message) {
			this.received.add(message.listenerId() + ":" + message.payload() + "@" + message.cursor());
		}

		void nothing() {
			this.received.add("called");
		}

		CompletableFuture<Void> later(Event event) {
			this.received.add(event);
			return CompletableFuture.completedFuture(null);
		}

		void two(String a, String b) {
		}

	}

	private final Listener listener = new Listener();

	private List<Object> call(String methodName, String pointer, String body) {
		Method method = ReflectionUtils.findMethod(Listener.class, methodName, (Class<?>[]) null);
		MethodLongPollHandler handler = new MethodLongPollHandler("orders", this.listener, method,
				new PayloadSelector(pointer, JsonMapper.shared()), Schedulers.immediate());
		handler.handle(new LongPollResponse(200, new HttpHeaders(), body.getBytes(StandardCharsets.UTF_8)), "7")
			.block();
		return this.listener.received;
	}

	@Test
	void anArrayIsSplitIntoOneCallPerElementInOrder() {
		assertThat(call("event", "/events", "{\"events\":[{\"id\":1},{\"id\":2}]}")).containsExactly(new Event(1),
				new Event(2));
	}

	@Test
	void aSingleObjectIsOneCall() {
		assertThat(call("event", null, "{\"id\":3}")).containsExactly(new Event(3));
	}

	@Test
	void aListTakesTheWholeArray() {
		assertThat(call("events", null, "[{\"id\":1},{\"id\":2}]")).containsExactly(List.of(new Event(1), new Event(2)));
	}

	@Test
	void textBytesAndTreeTakeTheSelectedPart() {
		assertThat(call("text", null, "not json at all")).containsExactly("not json at all");
		assertThat(call("bytes", "/events", "{\"events\":[1]}")).last().isEqualTo("[1]");
		assertThat(call("tree", "/events", "{\"events\":[1]}")).last().isEqualTo("[1]");
	}

	@Test
	void theEnvelopeCarriesTheListenerAndTheCursorToCommit() {
		assertThat(call("message", null, "{\"id\":4}")).containsExactly("orders:Event[id=4]@7");
	}

	@Test
	void noParameterIsOneCallPerResponse() {
		assertThat(call("nothing", null, "[1,2,3]")).containsExactly("called");
	}

	@Test
	void asynchronousResultsAreAwaited() {
		assertThat(call("later", null, "[{\"id\":1},{\"id\":2}]")).containsExactly(new Event(1), new Event(2));
	}

	@Test
	void aBodyThatCannotBeDecodedNamesListenerTypeAndBody() {
		assertThatExceptionOfType(LongPollDecodingException.class).isThrownBy(() -> call("event", null, "{\"id\":\"x\"}"))
			.withMessageContaining("'orders'")
			.withMessageContaining("Event")
			.withMessageContaining("{\"id\":\"x\"}");
	}

	@Test
	void moreThanOneParameterIsRefused() {
		Method method = ReflectionUtils.findMethod(Listener.class, "two", String.class, String.class);
		assertThatIllegalArgumentException().isThrownBy(() -> new MethodLongPollHandler("orders", this.listener, method,
				new PayloadSelector(null, JsonMapper.shared()), Schedulers.immediate()))
			.withMessageContaining("takes 2 parameters");
	}

}
