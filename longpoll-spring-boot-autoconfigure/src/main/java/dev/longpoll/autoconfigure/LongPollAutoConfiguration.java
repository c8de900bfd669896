package dev.longpoll.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;


import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.annotation.EnableLongPoll;
import dev.longpoll.annotation.LongPollBootstrapConfiguration;
import dev.longpoll.annotation.LongPollListenerAnnotationBeanPostProcessor;
import dev.longpoll.client.LongPollClient;
import dev.longpoll.client.LongPollRequestCustomizer;
import dev.longpoll.client.WebClientLongPollClient;
import dev.longpoll.container.DefaultLongPollContainerFactory;
import dev.longpoll.container.LongPollContainerFactory;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.FileCursorStore;
import dev.longpoll.cursor.InMemoryCursorStore;
import dev.longpoll.endpoint.LongPollDefaults;
import dev.longpoll.endpoint.LongPollEndpointCustomizer;
import dev.longpoll.endpoint.LongPollEndpointFactory;
import dev.longpoll.event.ApplicationEventLongPollObserver;
import dev.longpoll.handler.DeadLetterHandler;
import dev.longpoll.logging.LoggingLongPollObserver;

/**
 * Auto-configuration of {@code @LongPollListener} support: {@link EnableLongPoll} with
 * its parts configured from {@code longpoll.*}: the loops' HTTP client on a dedicated
 * connection pool, the handler scheduler, the container and endpoint factories, the
 * cursor store, logging and application events.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnClass({ WebClient.class, HttpClient.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "longpoll.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LongPollProperties.class)
public final class LongPollAutoConfiguration {

	/**
	 * With {@code spring.main.lazy-initialization=true}, a bean that nobody injects would
	 * never be created, and its listeners would never run.
	 */
	@Bean
	static LazyInitializationExcludeFilter longPollListenerLazyInitializationExcludeFilter() {
		return (beanName, beanDefinition, beanType) -> LongPollListenerAnnotationBeanPostProcessor
			.hasListenerMethods(beanType);
	}

	@Bean
	@ConditionalOnMissingBean
	static LongPollListenerIdVerifier longPollListenerIdVerifier() {
		return new LongPollListenerIdVerifier();
	}

	@Bean(name = LongPollBootstrapConfiguration.HANDLER_SCHEDULER_BEAN_NAME, destroyMethod = "dispose")
	@ConditionalOnMissingBean(name = LongPollBootstrapConfiguration.HANDLER_SCHEDULER_BEAN_NAME)
	@ConditionalOnThreading(Threading.PLATFORM)
	Scheduler longPollHandlerScheduler(LongPollProperties properties) {
		return Schedulers.newBoundedElastic(properties.getHandler().getMaxThreads(),
				properties.getHandler().getQueueCapacity(), "longpoll-handler", 60, true);
	}

	@Bean(name = LongPollBootstrapConfiguration.HANDLER_SCHEDULER_BEAN_NAME, destroyMethod = "dispose")
	@ConditionalOnMissingBean(name = LongPollBootstrapConfiguration.HANDLER_SCHEDULER_BEAN_NAME)
	@ConditionalOnThreading(Threading.VIRTUAL)
	Scheduler longPollVirtualHandlerScheduler(LongPollProperties properties) {
		Scheduler scheduler = new Schedulers.Factory() {
		}.newThreadPerTaskBoundedElastic(properties.getHandler().getMaxThreads(),
				properties.getHandler().getQueueCapacity(),
				new VirtualThreadTaskExecutor("longpoll-handler-").getVirtualThreadFactory());
		scheduler.init(); // the factory returns it unstarted
		return scheduler;
	}

	@Bean
	@ConditionalOnMissingBean
	LongPollClient longPollClient(LongPollProperties properties, ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<SslBundles> sslBundles) {
		// Reactor Netty starts with the first poll, not on the application's main thread
		return WebClientLongPollClient.deferred(() -> ConnectionProvider.builder("longpoll")
			.maxConnections(properties.getHttp().getMaxConnections())
			.pendingAcquireMaxCount(properties.getHttp().determineMaxPendingAcquires())
			.maxIdleTime(properties.getHttp().getMaxIdleTime())
			.build(), () -> webClientBuilder.getIfAvailable(WebClient::builder),
				(name) -> sslContext(name, sslBundles.getIfAvailable()))
			.http2Options(properties.getHttp().getH2().toOptions())
			.engine(properties.getHttp().getClient());
	}

	private static Consumer<SslContextBuilder> sslContext(String name, @Nullable SslBundles bundles) {
		if (bundles == null) {
			throw new NoSuchSslBundleException(name, "no SSL bundles are configured");
		}
		SslBundle bundle = bundles.getBundle(name);
		return (builder) -> {
			builder.keyManager(bundle.getManagers().getKeyManagerFactory())
				.trustManager(bundle.getManagers().getTrustManagerFactory());
			// only what the bundle sets: HTTP/2's own cipher list (no CBC suites, RFC 9113) stays otherwise
			if (bundle.getOptions().getCiphers() != null) {
				builder.ciphers(SslOptions.asSet(bundle.getOptions().getCiphers()));
			}
			if (bundle.getOptions().getEnabledProtocols() != null) {
				builder.protocols(bundle.getOptions().getEnabledProtocols());
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	CursorStore longPollCursorStore(LongPollProperties properties) {
		LongPollProperties.CursorStore store = properties.getCursorStore();
		return switch (store.getType()) {
			case MEMORY -> new InMemoryCursorStore();
			case FILE -> new FileCursorStore(Path.of(store.getDirectory()));
			case JDBC -> throw new IllegalStateException("'longpoll.cursor-store.type' is 'jdbc' but there is no"
					+ " DataSource bean or spring-jdbc is missing; add spring-boot-starter-jdbc and a DataSource,"
					+ " or choose 'file' or 'memory'");
			case REDIS -> throw new IllegalStateException("'longpoll.cursor-store.type' is 'redis' but there is no"
					+ " RedisConnectionFactory bean or spring-data-redis is missing; add spring-boot-starter-data-redis,"
					+ " or choose 'jdbc', 'file' or 'memory'");
		};
	}

	@Bean
	@ConditionalOnMissingBean
	LongPollEndpointFactory longPollEndpointFactory(Environment environment,
			ObjectProvider<LongPollListenerIdVerifier> idVerifier, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<LongPollEndpointCustomizer> customizers, CursorStore cursorStore,
			ObjectProvider<DeadLetterHandler> deadLetterHandler) {
		// the sections under 'longpoll.listeners', read in one pass that the id check shares
		LongPollListenerIdVerifier verifier = idVerifier.getIfUnique();
		ListenerSections sections = (verifier != null) ? verifier.sections(environment)
				: ListenerSections.of(environment);
		return new PropertiesLongPollEndpointFactory(sections, jsonMapper.getIfAvailable(JsonMapper::shared),
				customizers.orderedStream().toList(), cursorStore, deadLetterHandler.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	LongPollContainerFactory longPollContainerFactory(LongPollClient client,
			@Qualifier(LongPollBootstrapConfiguration.HANDLER_SCHEDULER_BEAN_NAME) Scheduler handlerScheduler,
			ObjectProvider<LongPollObserver> observers, ObjectProvider<LongPollRequestCustomizer> requestCustomizers,
			LongPollProperties properties, Environment environment) {
		return new DefaultLongPollContainerFactory(client, handlerScheduler,
				LongPollObserver.composite(observers.orderedStream().toList()),
				requestCustomizers.orderedStream().toList(), shutdownTimeout(properties, environment));
	}

	private static Duration shutdownTimeout(LongPollProperties properties, Environment environment) {
		Duration shutdownTimeout = properties.getShutdownTimeout();
		if (shutdownTimeout != null) {
			return shutdownTimeout;
		}
		Duration phase = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
		return LongPollDefaults.shutdownTimeout(phase);
	}

	@Bean
	@ConditionalOnMissingBean
	LoggingLongPollObserver longPollLoggingObserver(LongPollProperties properties) {
		return new LoggingLongPollObserver(properties.getLogging().getFailureSummaryInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	ApplicationEventLongPollObserver longPollApplicationEventObserver(ApplicationEventPublisher publisher,
			@Qualifier(LongPollBootstrapConfiguration.HANDLER_SCHEDULER_BEAN_NAME) Scheduler handlerScheduler) {
		return new ApplicationEventLongPollObserver(publisher, handlerScheduler::schedule);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableLongPoll
	@ConditionalOnMissingBean(name = LongPollBootstrapConfiguration.ANNOTATION_PROCESSOR_BEAN_NAME)
	static class EnableLongPollConfiguration {

	}

}
