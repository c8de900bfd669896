package dev.longpoll.annotation;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import dev.longpoll.container.LongPollListenerRegistry;

/**
 * The beans {@link EnableLongPoll @EnableLongPoll} registers: the annotation processor,
 * the registry, and the {@link LongPollInfrastructure} they take their parts from.
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class LongPollBootstrapConfiguration {

	/** Name of the annotation processor bean. */
	public static final String ANNOTATION_PROCESSOR_BEAN_NAME = "dev.longpoll.internalLongPollListenerAnnotationProcessor";

	/** Name of the infrastructure bean. */
	public static final String INFRASTRUCTURE_BEAN_NAME = "dev.longpoll.internalLongPollInfrastructure";

	/** Whether the registry keeps the JVM alive while it runs listeners ({@code true} unless set). */
	public static final String KEEP_ALIVE_PROPERTY = "longpoll.keep-alive";

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
	LongPollListenerRegistry longPollListenerRegistry(LongPollInfrastructure infrastructure, Environment environment) {
		LongPollListenerRegistry registry = new LongPollListenerRegistry(infrastructure.containerFactory(),
				infrastructure.endpointFactory(), infrastructure.observer());
		registry.setKeepAlive(environment.getProperty(KEEP_ALIVE_PROPERTY, Boolean.class, true));
		return registry;
	}

}
