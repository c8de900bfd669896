package dev.longpoll.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.longpoll.container.ListenerSnapshot;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;

/**
 * The {@code longpoll} actuator endpoint: lists listeners (URL redacted, no headers) and
 * starts, stops, pauses or resumes one by id ({@code POST /actuator/longpoll/<id>/<action>}).
 */
@Endpoint(id = "longpoll")
public class LongPollActuatorEndpoint {

	private final LongPollListenerRegistry registry;

	public LongPollActuatorEndpoint(LongPollListenerRegistry registry) {
		this.registry = registry;
	}

	@ReadOperation
	public Map<String, Object> listeners() {
		Map<String, Object> listeners = new LinkedHashMap<>();
		this.registry.getContainers()
			.forEach((container) -> listeners.put(container.id(), ListenerSnapshot.of(container).toMap()));
		return Map.of("listeners", listeners);
	}

	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> listener(@Selector String id) {
		LongPollContainer container = this.registry.getContainer(id);
		if (container == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return new WebEndpointResponse<>(ListenerSnapshot.of(container).toMap());
	}

	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> change(@Selector String id, @Selector String action) {
		LongPollContainer container = this.registry.getContainer(id);
		if (container == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		switch (action) {
			case "start" -> container.start();
			case "stop" -> this.registry.stop(id).subscribe();
			case "pause" -> container.pause();
			case "resume" -> container.resume();
			default -> {
				return new WebEndpointResponse<>(Map.of("error", "Unknown action '" + action
						+ "'; use start, stop, pause or resume"), WebEndpointResponse.STATUS_BAD_REQUEST);
			}
		}
		return new WebEndpointResponse<>(ListenerSnapshot.of(container).toMap());
	}

}
