package dev.longpoll.annotation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.endpoint.LongPollEndpointFactory;
import dev.longpoll.handler.MethodLongPollHandler;

/**
 * Finds {@link LongPollListener @LongPollListener} methods on beans (proxies included) and,
 * once all singletons exist, registers one endpoint per method with the
 * {@link LongPollListenerRegistry}. Any problem fails startup with a message naming the
 * bean, the method and the fix.
 */
public class LongPollListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {

	private final List<Found> found = new ArrayList<>();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory);
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		Map<Method, LongPollListener> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<LongPollListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, LongPollListener.class));
		methods.forEach((method, annotation) -> this.found.add(new Found(bean, beanName, method, annotation)));
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		Assert.state(beanFactory != null, "No bean factory");
		if (this.found.isEmpty()) {
			return;
		}
		LongPollInfrastructure infrastructure = beanFactory.getBean(LongPollInfrastructure.class);
		LongPollListenerRegistry registry = beanFactory.getBean(LongPollListenerRegistry.class);
		LongPollEndpointFactory endpointFactory = infrastructure.endpointFactory();
		Scheduler scheduler = infrastructure.handlerScheduler();
		for (Found listener : this.found) {
			String source = "@LongPollListener method '" + listener.method().getName() + "' on bean '"
					+ listener.beanName() + "'";
			try {
				registry.register(endpoint(listener, source, endpointFactory, scheduler));
			}
			catch (RuntimeException ex) {
				String message = ex.getMessage();
				throw new BeanInitializationException(
						(message != null && message.startsWith(source)) ? message : source + ": " + message, ex);
			}
		}
		this.found.clear();
	}

	private LongPollEndpoint endpoint(Found listener, String source, LongPollEndpointFactory endpointFactory,
			Scheduler scheduler) {
		String id = resolve(listener.annotation().id(), "id");
		if (!StringUtils.hasText(id)) {
			id = defaultId(listener.beanName(), listener.method());
		}
		source = source + " (listener '" + id + "')";
		LongPollEndpoint.Builder builder = endpointFactory.builder(id, source);
		String url = resolve(listener.annotation().url(), "url");
		if (StringUtils.hasText(url)) {
			builder.url(url);
		}
		String autoStartup = resolve(listener.annotation().autoStartup(), "autoStartup");
		if (StringUtils.hasText(autoStartup)) {
			Assert.state("true".equalsIgnoreCase(autoStartup) || "false".equalsIgnoreCase(autoStartup),
					() -> "'autoStartup' ('" + autoStartup + "') must be 'true' or 'false'");
			builder.autoStartup(Boolean.parseBoolean(autoStartup));
		}
		Method invocable = AopUtils.selectInvocableMethod(listener.method(), listener.bean().getClass());
		try {
			builder.handler(new MethodLongPollHandler(id, listener.bean(), invocable, builder.payload(), scheduler));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(source + ": " + ex.getMessage(), ex);
		}
		return endpointFactory.create(builder);
	}

	private String resolve(String value, String attribute) {
		if (!StringUtils.hasText(value)) {
			return value;
		}
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		Assert.state(beanFactory != null, "No bean factory");
		String resolved;
		try {
			resolved = beanFactory.resolveEmbeddedValue(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("'" + attribute + "' ('" + value + "') cannot be resolved: "
					+ ex.getMessage() + "; define the property it names", ex);
		}
		if (resolved != null && beanFactory.getBeanExpressionResolver() != null) {
			Object evaluated = beanFactory.getBeanExpressionResolver()
				.evaluate(resolved, new BeanExpressionContext(beanFactory, null));
			resolved = (evaluated != null) ? evaluated.toString() : null;
		}
		Assert.state(resolved != null && !resolved.contains("${"),
				() -> "'" + attribute + "' ('" + value + "') cannot be resolved; define the property it names");
		return resolved;
	}

	/**
	 * The id of a listener that sets none: bean name and method name in kebab case.
	 * @param beanName the bean name
	 * @param method the method
	 * @return for example {@code order-events-on}
	 */
	static String defaultId(String beanName, Method method) {
		String raw = beanName + "-" + method.getName();
		String kebab = raw.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
		kebab = kebab.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
		return kebab;
	}

	private record Found(Object bean, String beanName, Method method, LongPollListener annotation) {
	}

}
