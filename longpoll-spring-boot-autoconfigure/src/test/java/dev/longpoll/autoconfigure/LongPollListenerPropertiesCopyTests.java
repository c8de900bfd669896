package dev.longpoll.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@link LongPollListenerProperties#copy()} copies every field, nested settings included,
 * and shares no mutable object (nested settings, maps, lists) with the original: a field
 * added to a properties class and forgotten in its copy fails here.
 */
class LongPollListenerPropertiesCopyTests {

	private static final String PACKAGE = LongPollListenerProperties.class.getPackageName();

	@Test
	void copyCopiesEveryFieldAndSharesNoMutableObject() throws Exception {
		LongPollListenerProperties original = new LongPollListenerProperties();
		List<String> fields = new ArrayList<>();
		setEveryField(original, new LongPollListenerProperties(), "", fields);
		assertThat(fields).hasSizeGreaterThan(50).contains("cursor.gone-body.values", "backoff.max-attempts",
				"hold-hint.format", "proxy.non-proxy-hosts", "error-policy.action", "headers");
		LongPollListenerProperties copy = original.copy();
		assertDeepCopy(original, copy, "");
	}

	@Test
	void theCopysMapsAndListsCanBeChangedWithoutChangingTheOriginal() {
		LongPollListenerProperties original = new LongPollListenerProperties();
		original.getHeaders().put("a", "1");
		LongPollListenerProperties copy = original.copy();
		copy.getHeaders().put("b", "2");
		copy.getIdleStatuses().add(200);
		copy.getCursor().getEchoHeaders().put("ETag", "If-None-Match");
		copy.getCursor().getGoneBody().getValues().add("expired");
		assertThat(original.getHeaders()).containsOnlyKeys("a");
		assertThat(original.getIdleStatuses()).doesNotContain(200);
		assertThat(original.getCursor().getEchoHeaders()).isEmpty();
		assertThat(original.getCursor().getGoneBody().getValues()).isEmpty();
	}

	/**
	 * Set every field of {@code target}, recursively, to a value other than the one a new
	 * instance has.
	 */
	private static void setEveryField(Object target, Object pristine, String path, List<String> visited)
			throws IllegalAccessException {
		for (Field field : fields(target.getClass())) {
			String name = path + kebab(field.getName());
			Object current = field.get(target);
			if (isSettings(field.getType())) {
				setEveryField(current, field.get(pristine), name + ".", visited);
				continue;
			}
			Object value = otherValue(field, current, name);
			field.set(target, value);
			assertThat(value).as("test value of '%s'", name).isNotEqualTo(field.get(pristine));
			visited.add(name);
		}
	}

	private static void assertDeepCopy(Object original, Object copy, String path) throws IllegalAccessException {
		for (Field field : fields(original.getClass())) {
			String name = path + kebab(field.getName());
			Object value = field.get(original);
			Object copied = field.get(copy);
			if (isSettings(field.getType())) {
				assertThat(copied).as("'%s' of the copy", name).isNotNull().isNotSameAs(value);
				assertDeepCopy(value, copied, name + ".");
				continue;
			}
			assertThat(copied).as("'%s' of the copy", name).isEqualTo(value);
			if (value instanceof Map || value instanceof Collection) {
				assertThat(copied).as("'%s' of the copy (mutable: must not be shared)", name).isNotSameAs(value);
			}
		}
	}

	private static List<Field> fields(Class<?> type) {
		List<Field> fields = new ArrayList<>();
		for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
			for (Field field : c.getDeclaredFields()) {
				if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
					field.setAccessible(true);
					fields.add(field);
				}
			}
		}
		return fields;
	}

	/**
	 * Nested settings (copied field by field) rather than a value.
	 */
	private static boolean isSettings(Class<?> type) {
		return type.getPackageName().equals(PACKAGE) && !type.isEnum();
	}

	private static Object otherValue(Field field, Object current, String name) {
		Class<?> type = field.getType();
		if (type == String.class) {
			return "value-of-" + name;
		}
		if (type == boolean.class || type == Boolean.class) {
			return !Boolean.TRUE.equals(current);
		}
		if (type == int.class || type == Integer.class) {
			return (current != null) ? (Integer) current + 7 : 4242;
		}
		if (type == long.class || type == Long.class) {
			return (current != null) ? (Long) current + 7 : 4242L;
		}
		if (type == double.class || type == Double.class) {
			return (current != null) ? (Double) current + 1.5 : 4.5;
		}
		if (type == Duration.class) {
			return (current != null) ? ((Duration) current).plusMillis(1234) : Duration.ofMillis(98765);
		}
		if (type == DataSize.class) {
			return DataSize.ofBytes(((DataSize) current).toBytes() + 1);
		}
		if (type == HttpMethod.class) {
			return HttpMethod.PATCH.equals(current) ? HttpMethod.PUT : HttpMethod.PATCH;
		}
		if (type.isEnum()) {
			Object[] constants = type.getEnumConstants();
			return (current != null) ? constants[(((Enum<?>) current).ordinal() + 1) % constants.length]
					: constants[0];
		}
		if (type == Map.class) {
			Map<String, String> map = new LinkedHashMap<>();
			map.put("key-of-" + name, "value-of-" + name);
			return map;
		}
		if (type == List.class) {
			Class<?> element = (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
			List<Object> list = new ArrayList<>();
			list.add((element == Integer.class) ? (Object) 599 : "value-of-" + name);
			return list;
		}
		return fail("No test value for '%s' of type %s: teach otherValue(...) one", name, field.getGenericType());
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
