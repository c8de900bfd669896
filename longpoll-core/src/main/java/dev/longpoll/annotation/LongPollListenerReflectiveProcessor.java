package dev.longpoll.annotation;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Collection;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.ReflectiveProcessor;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

import dev.longpoll.handler.LongPollMessage;

/**
 * Registers what a native image needs to call a {@link LongPollListener} method: the
 * method itself, for invocation, and binding hints (constructors, fields, properties for
 * Jackson) for its payload type, unwrapped from {@code LongPollMessage<T>},
 * {@code List<T>} (any collection) and arrays, in the manner of Spring's
 * {@code MessageMappingReflectiveProcessor}.
 */
public class LongPollListenerReflectiveProcessor implements ReflectiveProcessor {

	private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

	@Override
	public void registerReflectionHints(ReflectionHints hints, AnnotatedElement element) {
		if (element instanceof Method method) {
			hints.registerMethod(method, ExecutableMode.INVOKE);
			int parameters = method.getParameterCount() - (KotlinDetector.isSuspendingFunction(method) ? 1 : 0);
			if (parameters == 1) {
				registerPayloadHints(hints, ResolvableType.forMethodParameter(new MethodParameter(method, 0)));
			}
		}
	}

	private void registerPayloadHints(ReflectionHints hints, ResolvableType type) {
		Class<?> raw = type.toClass();
		if (type.isArray()) {
			registerPayloadHints(hints, type.getComponentType());
		}
		else if (LongPollMessage.class.equals(raw) || Collection.class.isAssignableFrom(raw)) {
			registerPayloadHints(hints, type.getGeneric(0));
		}
		else if (!raw.isPrimitive() && !raw.getName().startsWith("java.") && !byte[].class.equals(raw)
				&& !Object.class.equals(raw)) {
			this.bindingRegistrar.registerReflectionHints(hints, type.getType());
		}
	}

}
