package dev.longpoll.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.annotation.LongPollListenerAnnotationBeanPostProcessor;
import dev.longpoll.client.LongPollClient;
import dev.longpoll.client.LongPollRequestCustomizer;
import dev.longpoll.client.WebClientLongPollClient;
import dev.longpoll.container.CompositeLongPollObserver;
import dev.longpoll.container.DefaultLongPollContainerFactory;
import dev.longpoll.container.LoggingLongPollObserver;
import dev.longpoll.container.LongPollContainerFactory;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.FileCursorStore;
import dev.longpoll.cursor.InMemoryCursorStore;
import dev.longpoll.endpoint.LongPollEndpointCustomizer;
import dev.longpoll.endpoint.LongPollEndpointFactory;
import dev.longpoll.event.ApplicationEventLongPollObserver;
import dev.longpoll.listener.DeadLetterHandler;

/**
 * Auto-configuration of {@code @LongPollListener} support: the registry, the loops'
 * HTTP client on a dedicated connection pool, the handler scheduler, logging and events.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnClass({ WebClient.class, HttpClient.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "longpoll.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LongPollProperties.class)
public final class LongPollAutoConfiguration {

	@Bean
	static LongPollListenerAnnotationBeanPostProcessor longPollListenerAnnotationBeanPostProcessor() {
		return new LongPollListenerAnnotationBeanPostProcessor();
	}

	@Bean(name = LongPollListenerAnnotationBeanPostProcessor.HANDLER_SCHEDULER_BEAN_NAME, destroyMethod = "dispose")
	@ConditionalOnMissingBean(name = LongPollListenerAnnotationBeanPostProcessor.HANDLER_SCHEDULER_BEAN_NAME)
	@ConditionalOnThreading(Threading.PLATFORM)
	Scheduler longPollHandlerScheduler(LongPollProperties properties) {
		return Schedulers.newBoundedElastic(properties.getHandler().getMaxThreads(),
				properties.getHandler().getQueueCapacity(), "longpoll-handler", 60, true);
	}

	@Bean(name = LongPollListenerAnnotationBeanPostProcessor.HANDLER_SCHEDULER_BEAN_NAME, destroyMethod = "dispose")
	@ConditionalOnMissingBean(name = LongPollListenerAnnotationBeanPostProcessor.HANDLER_SCHEDULER_BEAN_NAME)
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
		ConnectionProvider connectionProvider = ConnectionProvider.builder("longpoll")
			.maxConnections(properties.getHttp().getMaxConnections())
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(properties.getHttp().getMaxIdleTime())
			.build();
		return new WebClientLongPollClient(connectionProvider, webClientBuilder.getIfAvailable(WebClient::builder),
				(name) -> {
					SslBundles bundles = sslBundles.getIfAvailable();
					if (bundles == null) {
						throw new NoSuchSslBundleException(name, "no SSL bundles are configured");
					}
					return bundles.getBundle(name);
				});
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
		};
	}

	@Bean
	@ConditionalOnMissingBean
	LongPollEndpointFactory longPollEndpointFactory(Environment environment, LongPollProperties properties,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<LongPollEndpointCustomizer> customizers,
			CursorStore cursorStore, ObjectProvider<DeadLetterHandler> deadLetterHandler) {
		return new PropertiesLongPollEndpointFactory(Binder.get(environment), properties.getListeners().keySet(),
				jsonMapper.getIfAvailable(JsonMapper::shared), customizers.orderedStream().toList(), cursorStore,
				deadLetterHandler.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	LongPollContainerFactory longPollContainerFactory(LongPollClient client,
			@Qualifier(LongPollListenerAnnotationBeanPostProcessor.HANDLER_SCHEDULER_BEAN_NAME) Scheduler handlerScheduler,
			ObjectProvider<LongPollObserver> observers, ObjectProvider<LongPollRequestCustomizer> requestCustomizers) {
		return new DefaultLongPollContainerFactory(client, handlerScheduler,
				new CompositeLongPollObserver(observers.orderedStream().toList()),
				requestCustomizers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	LongPollListenerRegistry longPollListenerRegistry(LongPollContainerFactory containerFactory,
			LongPollEndpointFactory endpointFactory, LongPollProperties properties, Environment environment) {
		Duration shutdownTimeout = properties.getShutdownTimeout();
		if (shutdownTimeout == null) {
			Duration phase = Binder.get(environment)
				.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
				.orElse(Duration.ofSeconds(30));
			shutdownTimeout = (phase.compareTo(Duration.ofSeconds(2)) > 0) ? phase.minusSeconds(1)
					: phase.dividedBy(2);
		}
		return new LongPollListenerRegistry(containerFactory, endpointFactory, shutdownTimeout);
	}

	@Bean
	@ConditionalOnMissingBean
	LoggingLongPollObserver longPollLoggingObserver(LongPollProperties properties) {
		return new LoggingLongPollObserver(properties.getLogging().getFailureSummaryInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	ApplicationEventLongPollObserver longPollApplicationEventObserver(ApplicationEventPublisher publisher) {
		return new ApplicationEventLongPollObserver(publisher);
	}

}
