package dev.longpoll.annotation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.container.NoSuchListenerException;
import dev.longpoll.endpoint.ListenerConfigurationException;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.endpoint.LongPollEndpointFactory;
import dev.longpoll.handler.MethodLongPollHandler;

/**
 * Finds {@link LongPollListener @LongPollListener} methods on beans (proxies included) and
 * registers one listener per method with the {@link LongPollListenerRegistry}: those of
 * the singletons created at startup once they all exist, those of beans created later
 * (lazy, or in a scope such as refresh) at once, started if the registry runs. A bean's
 * listeners are unregistered when the bean is destroyed. Any problem fails startup (or
 * the bean's creation) with a message naming the bean, the method and the fix; a
 * prototype bean is refused, because each instance would register the same listener.
 */
public class LongPollListenerAnnotationBeanPostProcessor
		implements DestructionAwareBeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {

	private static final Map<Class<?>, Map<Method, LongPollListener>> METHODS = new ConcurrentHashMap<>();

	private final List<Found> found = new ArrayList<>();

	private final Map<Object, List<String>> listenersOfBeans = Collections.synchronizedMap(new IdentityHashMap<>());

	private volatile boolean singletonsInstantiated;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/**
	 * Whether a class has {@code @LongPollListener} methods.
	 * @param type the class
	 * @return whether it has any
	 */
	public static boolean hasListenerMethods(Class<?> type) {
		return !listenerMethods(type).isEmpty();
	}

	private static Map<Method, LongPollListener> listenerMethods(Class<?> type) {
		return METHODS.computeIfAbsent(type, (target) -> MethodIntrospector.selectMethods(target,
				(MethodIntrospector.MetadataLookup<LongPollListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, LongPollListener.class)));
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory);
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (ScopedProxyUtils.isScopedTarget(beanName)) {
			return bean; // its scoped proxy, a singleton that always calls the current target, is the listener
		}
		Map<Method, LongPollListener> methods = listenerMethods(AopUtils.getTargetClass(bean));
		if (methods.isEmpty()) {
			return bean;
		}
		List<Found> listeners = new ArrayList<>();
		methods.forEach((method, annotation) -> listeners.add(new Found(bean, beanName, method, annotation)));
		if (isPrototype(beanName)) {
			Found first = listeners.get(0);
			throw new BeanInitializationException(new ListenerConfigurationException(first.source(),
					"the bean is a prototype, so each instance would register the same listener again",
					"make the bean a singleton (or register one listener per instance at runtime with"
							+ " LongPollListenerRegistry.register)").getMessage());
		}
		synchronized (this.found) {
			if (!this.singletonsInstantiated) {
				this.found.addAll(listeners);
				return bean;
			}
		}
		register(listeners); // created after startup: lazy, or in a scope
		return bean;
	}

	private boolean isPrototype(String beanName) {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		return beanFactory != null && beanFactory.containsBeanDefinition(beanName)
				&& beanFactory.getMergedBeanDefinition(beanName).isPrototype();
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<Found> listeners;
		synchronized (this.found) {
			this.singletonsInstantiated = true;
			listeners = List.copyOf(this.found);
			this.found.clear();
		}
		register(listeners);
	}

	private void register(List<Found> listeners) {
		if (listeners.isEmpty()) {
			return;
		}
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		Assert.state(beanFactory != null, "No bean factory");
		LongPollInfrastructure infrastructure = beanFactory.getBean(LongPollInfrastructure.class);
		LongPollListenerRegistry registry = beanFactory.getBean(LongPollListenerRegistry.class);
		for (Found listener : listeners) {
			try {
				LongPollEndpoint endpoint = endpoint(listener, infrastructure.endpointFactory(),
						infrastructure.handlerScheduler());
				registry.register(endpoint);
				this.listenersOfBeans.computeIfAbsent(listener.bean(), (bean) -> new ArrayList<>()).add(endpoint.id());
			}
			catch (RuntimeException ex) {
				String message = ex.getMessage();
				throw new BeanInitializationException((message != null && message.startsWith(listener.source()))
						? message : listener.source() + ": " + message, ex);
			}
		}
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return this.listenersOfBeans.containsKey(bean);
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		List<String> ids = this.listenersOfBeans.remove(bean);
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		if (ids == null || beanFactory == null) {
			return;
		}
		LongPollListenerRegistry registry = beanFactory.getBean(LongPollListenerRegistry.class);
		for (String id : ids) {
			try {
				registry.unregister(id).subscribe();
			}
			catch (NoSuchListenerException ex) {
				// unregistered by the application already
			}
		}
	}

	private LongPollEndpoint endpoint(Found listener, LongPollEndpointFactory endpointFactory, Scheduler scheduler) {
		String id = resolve(listener, listener.annotation().id(), "id");
		if (!StringUtils.hasText(id)) {
			id = defaultId(listener.beanName(), listener.method());
		}
		String source = listener.source() + " (listener '" + id + "')";
		LongPollEndpoint.Builder builder = endpointFactory.builder(id, source);
		String url = resolve(listener, listener.annotation().url(), "url");
		if (StringUtils.hasText(url)) {
			builder.url(url);
		}
		String autoStartup = resolve(listener, listener.annotation().autoStartup(), "autoStartup");
		if (StringUtils.hasText(autoStartup)) {
			if (!"true".equalsIgnoreCase(autoStartup) && !"false".equalsIgnoreCase(autoStartup)) {
				throw new ListenerConfigurationException(listener.source(),
						"'autoStartup' ('" + autoStartup + "') must be 'true' or 'false'", "fix the annotation");
			}
			builder.autoStartup(Boolean.parseBoolean(autoStartup));
		}
		Method invocable = AopUtils.selectInvocableMethod(listener.method(), listener.bean().getClass());
		try {
			builder.handler(new MethodLongPollHandler(id, listener.bean(), invocable, builder.payload(), scheduler));
		}
		catch (IllegalArgumentException ex) {
			throw new ListenerConfigurationException(source, ex.getMessage(),
					"take at most one parameter: the payload type, String, byte[], JsonNode, List<T> or"
							+ " LongPollMessage<T>", ex);
		}
		return endpointFactory.create(builder);
	}

	private String resolve(Found listener, String value, String attribute) {
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
			throw new ListenerConfigurationException(listener.source(),
					"'" + attribute + "' ('" + value + "') cannot be resolved: " + ex.getMessage(),
					"define the property it names", ex);
		}
		if (resolved != null && beanFactory.getBeanExpressionResolver() != null) {
			Object evaluated = beanFactory.getBeanExpressionResolver()
				.evaluate(resolved, new BeanExpressionContext(beanFactory, null));
			resolved = (evaluated != null) ? evaluated.toString() : null;
		}
		if (resolved == null || resolved.contains("${")) {
			throw new ListenerConfigurationException(listener.source(),
					"'" + attribute + "' ('" + value + "') cannot be resolved", "define the property it names");
		}
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

		String source() {
			return "@LongPollListener method '" + this.method.getName() + "' on bean '" + this.beanName + "'";
		}

	}

}
