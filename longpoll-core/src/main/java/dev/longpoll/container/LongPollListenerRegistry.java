package dev.longpoll.container;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.endpoint.LongPollEndpointFactory;
import dev.longpoll.handler.LongPollHandler;

/**
 * Owns every long-poll listener of the application: the single {@link SmartLifecycle}
 * that starts them after the web server and stops them before it. Listeners are looked up,
 * started, stopped, paused and resumed by id, and may be registered and unregistered at
 * runtime (one feed per tenant or device).
 */
public class LongPollListenerRegistry implements SmartLifecycle {

	/** Phase of the registry: after the web server starts, stopped before it. */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

	private final Map<String, LongPollContainer> containers = new ConcurrentHashMap<>();

	private final LongPollContainerFactory containerFactory;

	private final LongPollEndpointFactory endpointFactory;

	private volatile boolean running;

	/**
	 * Create a registry.
	 * @param containerFactory creates the loop of each endpoint
	 * @param endpointFactory creates the endpoints of listeners registered by id
	 */
	public LongPollListenerRegistry(LongPollContainerFactory containerFactory,
			LongPollEndpointFactory endpointFactory) {
		this.containerFactory = containerFactory;
		this.endpointFactory = endpointFactory;
	}

	/**
	 * Register a listener; it starts at once when the registry runs and the endpoint
	 * starts automatically.
	 * @param endpoint the endpoint
	 * @return its container
	 * @throws IllegalStateException if the id is taken
	 */
	public LongPollContainer register(LongPollEndpoint endpoint) {
		LongPollContainer container = this.containerFactory.create(endpoint);
		LongPollContainer existing = this.containers.putIfAbsent(endpoint.id(), container);
		if (existing != null) {
			throw new IllegalStateException("Duplicate long-poll listener id '" + endpoint.id() + "': used by "
					+ existing.endpoint().source() + " and by " + endpoint.source() + "; give one of them another id");
		}
		if (this.running && endpoint.autoStartup()) {
			container.start();
		}
		return container;
	}

	/**
	 * Register a listener configured from {@code longpoll.listeners.<id>.*} and
	 * {@code longpoll.defaults.*}.
	 * @param id the listener id
	 * @param url the URL, or {@code null} to take it from properties
	 * @param handler the handler
	 * @return its container
	 */
	public LongPollContainer register(String id, @Nullable String url, LongPollHandler handler) {
		return register(this.endpointFactory.create(id, url, handler));
	}

	/**
	 * Stop and remove a listener.
	 * @param id the listener id
	 * @return completes when it has stopped
	 * @throws NoSuchListenerException if there is none with that id
	 */
	public Mono<Void> unregister(String id) {
		LongPollContainer container = this.containers.remove(id);
		if (container == null) {
			throw new NoSuchListenerException(id);
		}
		return container.stop();
	}

	/**
	 * The listener with an id.
	 * @param id the id
	 * @return the container, or {@code null}
	 */
	public @Nullable LongPollContainer getContainer(String id) {
		return this.containers.get(id);
	}

	/**
	 * All listeners, sorted by id.
	 * @return the containers
	 */
	public List<LongPollContainer> getContainers() {
		return this.containers.values().stream().sorted(Comparator.comparing(LongPollContainer::id)).toList();
	}

	/**
	 * Start one listener.
	 * @param id the listener id
	 */
	public void start(String id) {
		require(id).start();
	}

	/**
	 * Stop one listener.
	 * @param id the listener id
	 * @return completes when it has stopped
	 */
	public Mono<Void> stop(String id) {
		return require(id).stop();
	}

	/**
	 * Pause one listener.
	 * @param id the listener id
	 */
	public void pause(String id) {
		require(id).pause();
	}

	/**
	 * Resume one paused listener.
	 * @param id the listener id
	 */
	public void resume(String id) {
		require(id).resume();
	}

	private LongPollContainer require(String id) {
		LongPollContainer container = this.containers.get(id);
		if (container == null) {
			throw new NoSuchListenerException(id);
		}
		return container;
	}

	@Override
	public void start() {
		this.running = true;
		this.containers.values()
			.stream()
			.filter((container) -> container.endpoint().autoStartup())
			.forEach(LongPollContainer::start);
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		stopAll(this.containers.values()).doFinally((signal) -> callback.run()).subscribe();
	}

	private Mono<Void> stopAll(Collection<LongPollContainer> containers) {
		return Flux.fromIterable(List.copyOf(containers)).flatMap(LongPollContainer::stop).then();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DEFAULT_PHASE;
	}

}
