package dev.longpoll.annotation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.client.LongPollClient;
import dev.longpoll.client.LongPollRequestCustomizer;
import dev.longpoll.client.WebClientLongPollClient;
import dev.longpoll.container.DefaultLongPollContainerFactory;
import dev.longpoll.container.LongPollContainerFactory;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.endpoint.DefaultLongPollEndpointFactory;
import dev.longpoll.endpoint.LongPollDefaults;
import dev.longpoll.endpoint.LongPollEndpointCustomizer;
import dev.longpoll.endpoint.LongPollEndpointFactory;
import dev.longpoll.event.ApplicationEventLongPollObserver;
import dev.longpoll.handler.DeadLetterHandler;
import dev.longpoll.logging.LoggingLongPollObserver;

/**
 * The parts the registry and the annotation processor are built from: the application's
 * beans where it declares them, defaults otherwise. Defaults are created on first use and
 * disposed with the context, so an application whose beans cover everything (as the
 * Spring Boot starter's do) creates none.
 */
class LongPollInfrastructure implements DisposableBean {

	/** Spring's own time for each shutdown phase, which a plain application keeps unless it sets another. */
	private static final Duration SHUTDOWN_PHASE_TIMEOUT = Duration.ofSeconds(10);

	private final ListableBeanFactory beanFactory;

	private final ApplicationEventPublisher eventPublisher;

	private final List<Runnable> disposals = new ArrayList<>();

	private @Nullable Scheduler handlerScheduler;

	private @Nullable LongPollContainerFactory containerFactory;

	private @Nullable LongPollEndpointFactory endpointFactory;

	private @Nullable LongPollObserver observer;

	/**
	 * Create the infrastructure.
	 * @param beanFactory where the application's beans are looked up
	 * @param eventPublisher publishes the listeners' application events
	 */
	public LongPollInfrastructure(ListableBeanFactory beanFactory, ApplicationEventPublisher eventPublisher) {
		this.beanFactory = beanFactory;
		this.eventPublisher = eventPublisher;
	}

	/**
	 * The container factory: the application's, or one on the default client, handler
	 * scheduler, observers (logging, application events and the application's) and
	 * request customizers.
	 * @return the container factory
	 */
	public synchronized LongPollContainerFactory containerFactory() {
		if (this.containerFactory == null) {
			this.containerFactory = this.beanFactory.getBeanProvider(LongPollContainerFactory.class)
				.getIfUnique(this::defaultContainerFactory);
		}
		return this.containerFactory;
	}

	private LongPollContainerFactory defaultContainerFactory() {
		List<LongPollRequestCustomizer> customizers = this.beanFactory.getBeanProvider(LongPollRequestCustomizer.class)
			.orderedStream()
			.toList();
		return new DefaultLongPollContainerFactory(client(), handlerScheduler(), observer(), customizers,
				LongPollDefaults.shutdownTimeout(SHUTDOWN_PHASE_TIMEOUT));
	}

	/**
	 * What watches the listeners: the application's {@link LongPollObserver} beans, with
	 * logging and application events added when it declares none of those.
	 * @return one observer that calls them all
	 */
	public synchronized LongPollObserver observer() {
		if (this.observer == null) {
			List<LongPollObserver> observers = new ArrayList<>();
			if (this.beanFactory.getBeanNamesForType(LoggingLongPollObserver.class).length == 0) {
				observers.add(new LoggingLongPollObserver(Duration.ofMinutes(1)));
			}
			if (this.beanFactory.getBeanNamesForType(ApplicationEventLongPollObserver.class).length == 0) {
				observers.add(new ApplicationEventLongPollObserver(this.eventPublisher,
						(task) -> handlerScheduler().schedule(task)));
			}
			this.beanFactory.getBeanProvider(LongPollObserver.class).orderedStream().forEach(observers::add);
			this.observer = LongPollObserver.composite(observers);
		}
		return this.observer;
	}

	/**
	 * The endpoint factory: the application's, or one with its endpoint customizers,
	 * cursor store and dead-letter handler on the {@link dev.longpoll.endpoint.LongPollDefaults}.
	 * @return the endpoint factory
	 */
	public synchronized LongPollEndpointFactory endpointFactory() {
		if (this.endpointFactory == null) {
			this.endpointFactory = this.beanFactory.getBeanProvider(LongPollEndpointFactory.class)
				.getIfUnique(this::defaultEndpointFactory);
		}
		return this.endpointFactory;
	}

	private LongPollEndpointFactory defaultEndpointFactory() {
		return new DefaultLongPollEndpointFactory(
				this.beanFactory.getBeanProvider(LongPollEndpointCustomizer.class).orderedStream().toList(),
				this.beanFactory.getBeanProvider(CursorStore.class).getIfUnique(),
				this.beanFactory.getBeanProvider(DeadLetterHandler.class).getIfUnique());
	}

	/**
	 * The scheduler listener methods run on: the bean named
	 * {@value #LongPollBootstrapConfiguration.HANDLER_SCHEDULER_BEAN_NAME}, or a bounded elastic one.
	 * @return the scheduler
	 */
	public synchronized Scheduler handlerScheduler() {
		if (this.handlerScheduler == null) {
			if (this.beanFactory.containsBean(LongPollBootstrapConfiguration.HANDLER_SCHEDULER_BEAN_NAME)) {
				this.handlerScheduler = this.beanFactory.getBean(LongPollBootstrapConfiguration.HANDLER_SCHEDULER_BEAN_NAME, Scheduler.class);
			}
			else {
				Scheduler scheduler = Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
						Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "longpoll-handler", 60, true);
				this.disposals.add(scheduler::dispose);
				this.handlerScheduler = scheduler;
			}
		}
		return this.handlerScheduler;
	}

	private LongPollClient client() {
		LongPollClient client = this.beanFactory.getBeanProvider(LongPollClient.class).getIfUnique();
		if (client != null) {
			return client;
		}
		WebClient.Builder builder = this.beanFactory.getBeanProvider(WebClient.Builder.class)
			.getIfAvailable(WebClient::builder);
		WebClientLongPollClient created = new WebClientLongPollClient(
				ConnectionProvider.builder("longpoll").maxConnections(10_000).pendingAcquireMaxCount(20_000).build(),
				builder);
		if (this.eventPublisher instanceof ApplicationContext context) {
			created.setApplicationContext(context); // closed with it
		}
		this.disposals.add(created::destroy);
		return created;
	}

	@Override
	public synchronized void destroy() {
		this.disposals.forEach(Runnable::run);
		this.disposals.clear();
	}

}
