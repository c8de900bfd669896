package dev.longpoll.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The long-poll feed: {@code GET /feed?last_event_id=N} answers at once when newer
 * notifications exist, otherwise holds the request until one is published or the hold
 * ends (then 204). {@code POST /feed} publishes.
 */
@RestController
class FeedController {

	private final NotificationFeed feed;

	private final SampleProperties properties;

	FeedController(NotificationFeed feed, SampleProperties properties) {
		this.feed = feed;
		this.properties = properties;
	}

	@GetMapping("/feed")
	Mono<ResponseEntity<Map<String, Object>>> poll(@RequestParam(name = "last_event_id", defaultValue = "0") long lastEventId,
			@RequestParam(name = "timeout", required = false) Long timeoutSeconds) {
		Duration hold = (timeoutSeconds != null) ? Duration.ofSeconds(Math.min(timeoutSeconds, 120))
				: this.properties.hold();
		return Mono.defer(() -> {
			Mono<Void> next = this.feed.nextPublication();
			List<Notification> events = this.feed.after(lastEventId);
			return events.isEmpty() ? next.then(Mono.fromSupplier(() -> this.feed.after(lastEventId)))
					: Mono.just(events);
		}).timeout(hold, Mono.just(List.of())).map((events) -> response(lastEventId, events));
	}

	private static ResponseEntity<Map<String, Object>> response(long lastEventId, List<Notification> events) {
		if (events.isEmpty()) {
			return ResponseEntity.noContent().build();
		}
		long last = events.get(events.size() - 1).id();
		return ResponseEntity.ok(Map.of("last_event_id", last, "events", events));
	}

	@PostMapping("/feed")
	@ResponseStatus(HttpStatus.CREATED)
	Notification publish(@RequestBody PublishRequest request) {
		return this.feed.publish(request.text());
	}

	record PublishRequest(String text) {
	}

}
