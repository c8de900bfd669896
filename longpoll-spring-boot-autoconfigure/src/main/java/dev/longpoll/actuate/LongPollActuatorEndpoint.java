package dev.longpoll.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.longpoll.container.ListenerCoordinator;
import dev.longpoll.container.ListenerSnapshot;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.cursor.InvalidCursorException;

/**
 * The {@code longpoll} actuator endpoint: lists listeners (URL redacted, no headers) and
 * starts, stops, pauses or resumes one by id ({@code POST /actuator/longpoll/<id>/<action>}),
 * or sets its cursor ({@code POST /actuator/longpoll/<id>/cursor/<cursor>},
 * {@code POST /actuator/longpoll/<id>/reset-cursor}).
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
			.forEach((container) -> listeners.put(container.id(), ListenerSnapshot.of(container, this.registry.getCoordinator()).toMap()));
		return Map.of("listeners", listeners);
	}

	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> listener(@Selector String id) {
		LongPollContainer container = this.registry.getContainer(id);
		if (container == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return new WebEndpointResponse<>(ListenerSnapshot.of(container, this.registry.getCoordinator()).toMap());
	}

	/**
	 * Act on one listener, without a request body: {@code <id>/start}, {@code <id>/stop},
	 * {@code <id>/pause}, {@code <id>/resume}, {@code <id>/cursor/<cursor>} (replay or skip
	 * from that cursor) or {@code <id>/reset-cursor} (back to the initial position).
	 * @param path the listener id and the action
	 * @return the listener afterwards, 404 for an unknown listener, 400 for a bad request
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> change(@Selector(match = Match.ALL_REMAINING) String[] path) {
		if (path.length < 2 || path.length > 3) {
			return badRequest("Use POST <id>/<action>, with action start, stop, pause, resume, cursor/<cursor> or "
					+ "reset-cursor");
		}
		String id = path[0];
		String action = path[1];
		LongPollContainer container = this.registry.getContainer(id);
		if (container == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		if (action.equals("cursor") != (path.length == 3)) {
			return badRequest(action.equals("cursor") ? "Give the cursor: POST " + id + "/cursor/<cursor>"
					: "Unexpected '" + path[2] + "' after '" + action + "'");
		}
		switch (action) {
			case "start" -> this.registry.start(id);
			case "stop" -> this.registry.stop(id).subscribe();
			case "pause" -> this.registry.pause(id);
			case "resume" -> this.registry.resume(id);
			case "cursor" -> {
				try {
					this.registry.seek(id, path[2]);
				}
				catch (InvalidCursorException ex) {
					return badRequest(ex.getMessage());
				}
			}
			case "reset-cursor" -> this.registry.resetCursor(id);
			default -> {
				return badRequest(
						"Unknown action '" + action + "'; use start, stop, pause, resume, cursor/<cursor> or reset-cursor");
			}
		}
		ListenerCoordinator coordinator = this.registry.getCoordinator();
		Map<String, Object> listener = new LinkedHashMap<>(ListenerSnapshot.of(container, coordinator).toMap());
		if (coordinator != null) {
			String owner = coordinator.owner(id);
			// with shared listeners the instance that polls it applies the control, and again wherever it moves
			listener.put("control", Map.of("action", action, "appliedBy", (owner != null) ? owner : "none yet",
					"within", coordinator.instanceId().equals(owner) ? "0ms" : coordinator.controlDelay().toMillis() + "ms"));
		}
		return new WebEndpointResponse<>(listener);
	}

	private static WebEndpointResponse<Map<String, Object>> badRequest(String error) {
		return new WebEndpointResponse<>(Map.of("error", error), WebEndpointResponse.STATUS_BAD_REQUEST);
	}

}
