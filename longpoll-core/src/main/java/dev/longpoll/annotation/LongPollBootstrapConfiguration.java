package dev.longpoll.annotation;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import dev.longpoll.container.ListenerCoordinator;
import dev.longpoll.container.LongPollListenerRegistry;

/**
 * The beans {@link EnableLongPoll @EnableLongPoll} registers: the annotation processor,
 * the registry, and the {@link LongPollInfrastructure} they take their parts from.
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class LongPollBootstrapConfiguration {

	private static final Log logger = LogFactory.getLog(LongPollBootstrapConfiguration.class);

	/** Name of the annotation processor bean. */
	public static final String ANNOTATION_PROCESSOR_BEAN_NAME = "dev.longpoll.internalLongPollListenerAnnotationProcessor";

	/**
	 * Name of the scheduler bean that listener methods run on; declare a
	 * {@code reactor.core.scheduler.Scheduler} bean with this name to choose it.
	 */
	public static final String HANDLER_SCHEDULER_BEAN_NAME = "longPollHandlerScheduler";

	/** Name of the infrastructure bean. */
	public static final String INFRASTRUCTURE_BEAN_NAME = "dev.longpoll.internalLongPollInfrastructure";

	/** Whether the registry keeps the JVM alive while it runs listeners ({@code true} unless set). */
	public static final String KEEP_ALIVE_PROPERTY = "longpoll.keep-alive";

	/**
	 * Whether listeners start at all ({@code true} unless set). Read when the registry is
	 * created, so that it applies at run time even where conditions were evaluated at build
	 * time (AOT, native images).
	 */
	public static final String ENABLED_PROPERTY = "longpoll.enabled";

	/** Name of the registry bean. */
	public static final String REGISTRY_BEAN_NAME = "longPollListenerRegistry";

	@Bean(name = ANNOTATION_PROCESSOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LongPollListenerAnnotationBeanPostProcessor longPollListenerAnnotationBeanPostProcessor() {
		return new LongPollListenerAnnotationBeanPostProcessor();
	}

	@Bean(name = INFRASTRUCTURE_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	LongPollInfrastructure longPollInfrastructure(ListableBeanFactory beanFactory,
			ApplicationEventPublisher eventPublisher) {
		return new LongPollInfrastructure(beanFactory, eventPublisher);
	}

	@Bean(name = REGISTRY_BEAN_NAME)
	LongPollListenerRegistry longPollListenerRegistry(LongPollInfrastructure infrastructure, Environment environment,
			ObjectProvider<ListenerCoordinator> coordinator) {
		LongPollListenerRegistry registry = new LongPollListenerRegistry(infrastructure.containerFactory(),
				infrastructure.endpointFactory(), infrastructure.observer());
		registry.setCoordinator(coordinator.getIfUnique()); // several instances share the listeners
		registry.setKeepAlive(environment.getProperty(KEEP_ALIVE_PROPERTY, Boolean.class, true));
		if (!environment.getProperty(ENABLED_PROPERTY, Boolean.class, true)) {
			logger.info("Long-poll listeners are disabled (" + ENABLED_PROPERTY + "=false): none will start");
			registry.setAutoStartup(false);
		}
		return registry;
	}

}
