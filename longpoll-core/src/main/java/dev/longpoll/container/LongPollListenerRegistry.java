package dev.longpoll.container;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

import dev.longpoll.cursor.CursorRules;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.endpoint.LongPollEndpointFactory;
import dev.longpoll.handler.LongPollHandler;

/**
 * Owns every long-poll listener of the application: the single {@link SmartLifecycle}
 * that starts them after the web server and stops them before it. Listeners are looked up,
 * started, stopped, paused and resumed by id, and may be registered and unregistered at
 * runtime (one feed per tenant or device).
 */
public class LongPollListenerRegistry implements SmartLifecycle, DisposableBean, ApplicationContextAware {

	/** Phase of the registry: after the web server starts, stopped before it. */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

	/**
	 * How long {@link #destroy()} waits for listeners that are still running; each one's
	 * own stop is bounded by its shutdown timeout, so this is only a last guard.
	 */
	private static final Duration DESTROY_TIMEOUT = Duration.ofMinutes(2);

	private static final Log logger = LogFactory.getLog(LongPollListenerRegistry.class);

	private final Map<String, LongPollContainer> containers = new ConcurrentHashMap<>();

	private final LongPollContainerFactory containerFactory;

	private final LongPollEndpointFactory endpointFactory;

	private final LongPollObserver observer;

	private volatile boolean running;

	private volatile boolean keepAlive = true;

	private volatile boolean autoStartup = true;

	private volatile @Nullable ListenerCoordinator coordinator;

	// Guarded by this
	private @Nullable Thread keepAliveThread;

	private volatile @Nullable ApplicationContext applicationContext;

	/**
	 * Create a registry that tells nobody of shutdowns and removals.
	 * @param containerFactory creates the loop of each endpoint
	 * @param endpointFactory creates the endpoints of listeners registered by id
	 */
	public LongPollListenerRegistry(LongPollContainerFactory containerFactory,
			LongPollEndpointFactory endpointFactory) {
		this(containerFactory, endpointFactory, new LongPollObserver() {
		});
	}

	/**
	 * Create a registry.
	 * @param containerFactory creates the loop of each endpoint
	 * @param endpointFactory creates the endpoints of listeners registered by id
	 * @param observer told when the registry stops every listener and when one is
	 * unregistered
	 */
	public LongPollListenerRegistry(LongPollContainerFactory containerFactory, LongPollEndpointFactory endpointFactory,
			LongPollObserver observer) {
		this.containerFactory = containerFactory;
		this.endpointFactory = endpointFactory;
		this.observer = observer;
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
		if (container instanceof AbstractLongPollContainer managed) {
			managed.ownedBy(this::inActiveContext); // its context stops it: not a leak while that is open
		}
		LongPollContainer existing = this.containers.putIfAbsent(endpoint.id(), container);
		if (existing != null) {
			throw new IllegalStateException("Duplicate long-poll listener id '" + endpoint.id() + "': used by "
					+ existing.endpoint().source() + " and by " + endpoint.source() + "; give one of them another id");
		}
		ListenerCoordinator coordinator = this.coordinator;
		if (this.running && coordinator != null) {
			coordinator.added(container);
		}
		else if (this.running && endpoint.autoStartup()) {
			container.start();
		}
		updateKeepAlive();
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
		updateKeepAlive();
		return container.stop().doFinally((signal) -> {
			ListenerCoordinator coordinator = this.coordinator;
			if (coordinator != null) {
				coordinator.removed(container);
			}
			this.observer.onUnregistered(container);
		});
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
	 * Start one listener. With several instances sharing their listeners, this and the
	 * other controls below apply where the listener runs, and stay after it moves; see
	 * {@link ListenerCoordinator#control}.
	 * @param id the listener id
	 */
	public void start(String id) {
		control(id, ListenerControl.of(ListenerControl.Action.START), LongPollContainer::start);
	}

	/**
	 * Stop one listener.
	 * @param id the listener id
	 * @return completes when it has stopped; with shared controls, once the stop is asked
	 */
	public Mono<Void> stop(String id) {
		LongPollContainer container = require(id);
		return shared(id, ListenerControl.of(ListenerControl.Action.STOP)) ? Mono.empty() : container.stop();
	}

	/**
	 * Pause one listener.
	 * @param id the listener id
	 */
	public void pause(String id) {
		control(id, ListenerControl.of(ListenerControl.Action.PAUSE), LongPollContainer::pause);
	}

	/**
	 * Resume one paused listener.
	 * @param id the listener id
	 */
	public void resume(String id) {
		control(id, ListenerControl.of(ListenerControl.Action.RESUME), LongPollContainer::resume);
	}

	/**
	 * Move one listener to a cursor, to replay or skip events; see
	 * {@link LongPollContainer#seek(String)}.
	 * @param id the listener id
	 * @param cursor the cursor to poll from next
	 */
	public void seek(String id, String cursor) {
		CursorRules.check(id, cursor, require(id).endpoint().cursor().strategy().sendsInHeader());
		control(id, new ListenerControl(ListenerControl.Action.SEEK, cursor), (container) -> container.seek(cursor));
	}

	/**
	 * Move one listener back to its initial position; see
	 * {@link LongPollContainer#resetCursor()}.
	 * @param id the listener id
	 */
	public void resetCursor(String id) {
		control(id, ListenerControl.of(ListenerControl.Action.RESET_CURSOR), LongPollContainer::resetCursor);
	}

	// with several instances sharing their listeners, a control goes to the instance that polls the listener
	private void control(String id, ListenerControl control, Consumer<LongPollContainer> here) {
		LongPollContainer container = require(id);
		if (!shared(id, control)) {
			here.accept(container);
		}
	}

	private boolean shared(String id, ListenerControl control) {
		ListenerCoordinator coordinator = this.coordinator;
		return coordinator != null && coordinator.control(id, control);
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
		ListenerCoordinator coordinator = this.coordinator;
		if (coordinator != null) {
			coordinator.start(getContainers(), this.observer);
		}
		else {
			this.containers.values()
				.stream()
				.filter((container) -> container.endpoint().autoStartup())
				.forEach(LongPollContainer::start);
		}
		updateKeepAlive();
	}

	/**
	 * Share the listeners with other instances: the coordinator, not the registry, starts
	 * each listener where this instance is to poll it. Set before the registry starts.
	 * @param coordinator the coordinator, or {@code null} to run every listener here
	 */
	public void setCoordinator(@Nullable ListenerCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	/**
	 * The coordinator that shares the listeners with other instances.
	 * @return the coordinator, or {@code null} when every listener runs here
	 */
	public @Nullable ListenerCoordinator getCoordinator() {
		return this.coordinator;
	}

	/**
	 * Whether the registry starts with the application context (and with it every
	 * listener whose {@code autoStartup} is on). On by default.
	 * @param autoStartup whether to start with the context
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Whether the registry keeps the JVM alive while it runs listeners, so that a service
	 * without a web server does not exit right after it started (every thread of the
	 * loops is a daemon thread). On by default.
	 * @param keepAlive whether to keep the JVM alive
	 */
	public void setKeepAlive(boolean keepAlive) {
		this.keepAlive = keepAlive;
		updateKeepAlive();
	}

	/**
	 * One non-daemon thread, parked while the registry runs and has listeners, the way a
	 * Kafka consumer's thread keeps a service up; it ends when the registry stops.
	 */
	private synchronized void updateKeepAlive() {
		boolean wanted = this.keepAlive && this.running && !this.containers.isEmpty();
		if (wanted && this.keepAliveThread == null) {
			Thread thread = new Thread(LongPollListenerRegistry::parkUntilInterrupted, "longpoll-keep-alive");
			thread.setDaemon(false);
			thread.start();
			this.keepAliveThread = thread;
		}
		else if (!wanted && this.keepAliveThread != null) {
			this.keepAliveThread.interrupt();
			this.keepAliveThread = null;
		}
	}

	private static void parkUntilInterrupted() {
		while (!Thread.currentThread().isInterrupted()) {
			java.util.concurrent.locks.LockSupport.park();
		}
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		updateKeepAlive();
		long start = System.nanoTime();
		ListenerCoordinator coordinator = this.coordinator;
		int[] stopped = new int[1];
		// nothing starts a listener any more, then the listeners stop (their cursors committed), then their
		// leases go, so that other instances take over at once and never alongside a listener still running here
		((coordinator != null) ? coordinator.stopStarting() : Mono.<Void>empty()).then(Mono.defer(() -> {
			List<LongPollContainer> active = active();
			stopped[0] = active.size();
			this.observer.onShutdownStarted(active.size());
			return stopAll(active);
		})).then(Mono.defer(() -> (coordinator != null) ? coordinator.stop() : Mono.<Void>empty())).doFinally((signal) -> {
			this.observer.onShutdownCompleted(stopped[0], Duration.ofNanos(System.nanoTime() - start));
			callback.run();
		}).subscribe();
	}

	/**
	 * Stop every listener still running when the context is destroyed. Spring stops a
	 * lifecycle bean only when it reports running, so listeners started by id (or through
	 * the actuator) while the registry did not run, because its {@code autoStartup} is off,
	 * would otherwise outlive their application.
	 */
	@Override
	public void destroy() {
		this.running = false;
		updateKeepAlive();
		List<LongPollContainer> active = active();
		if (active.isEmpty()) {
			return;
		}
		long start = System.nanoTime();
		this.observer.onShutdownStarted(active.size());
		try {
			stopAll(active).block(DESTROY_TIMEOUT);
		}
		catch (RuntimeException ex) {
			logger.warn("Long-poll listeners still running " + DESTROY_TIMEOUT + " after the context closed were"
					+ " cancelled", ex);
			active.forEach(LongPollContainer::cancel);
		}
		finally {
			this.observer.onShutdownCompleted(active.size(), Duration.ofNanos(System.nanoTime() - start));
		}
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	private boolean inActiveContext() {
		return this.applicationContext instanceof ConfigurableApplicationContext context && context.isActive();
	}

	private List<LongPollContainer> active() {
		return this.containers.values().stream().filter((container) -> container.state().isActive()).toList();
	}

	private Mono<Void> stopAll(List<LongPollContainer> containers) {
		return Flux.fromIterable(containers).flatMap(LongPollContainer::stop, Math.max(1, containers.size())).then();
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
