package dev.longpoll.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.util.StringUtils;

import dev.longpoll.autoconfigure.LongPollListenerProperties.HoldHintProperties;
import dev.longpoll.client.ClientOptions;
import dev.longpoll.client.HttpProtocol;
import dev.longpoll.client.ProxyOptions;
import dev.longpoll.cursor.CursorRecovery;
import dev.longpoll.cursor.CursorRecovery.GoneBody;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.DeclarativeCursorStrategy;
import dev.longpoll.cursor.HeaderEcho;
import dev.longpoll.endpoint.HoldHint;
import dev.longpoll.endpoint.ListenerConfigurationException;
import dev.longpoll.endpoint.LongPollDefaults;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.endpoint.LongPollEndpointCustomizer;
import dev.longpoll.endpoint.LongPollEndpointFactory;
import dev.longpoll.endpoint.ResponseStatuses;
import dev.longpoll.handler.DeadLetterHandler;
import dev.longpoll.handler.ErrorPolicy;
import dev.longpoll.handler.PayloadSelector;

/**
 * {@link LongPollEndpointFactory} that binds {@code longpoll.defaults.*} once and, for a
 * listener with a section of its own, {@code longpoll.listeners.<id>.*} over a copy of
 * it, so a listener inherits every default it does not override (map entries merge, lists
 * are replaced), and maps the result onto an endpoint builder.
 */
public class PropertiesLongPollEndpointFactory implements LongPollEndpointFactory {

	private final Binder binder;

	private final Set<String> configuredIds;

	private final BiConsumer<String, Bindable<LongPollListenerProperties>> sectionBinding;

	private final Map<List<Integer>, Set<Integer>> statusSets = new ConcurrentHashMap<>();

	private final JsonMapper mapper;

	private final List<LongPollEndpointCustomizer> customizers;

	private final CursorStore cursorStore;

	private final @Nullable DeadLetterHandler deadLetterHandler;

	private volatile @Nullable LongPollListenerProperties defaults;

	private volatile @Nullable HttpProtocol defaultProtocol;

	/**
	 * Create a factory that binds the sections with a binder of every property (binding a
	 * map or a list, such as {@code headers}, walks every property name: with thousands of
	 * sections, prefer the auto-configured factory, which reads each section's names once).
	 * @param binder binds the listener properties
	 * @param configuredIds the ids that have properties under {@code longpoll.listeners}
	 * @param mapper parses bodies
	 * @param customizers applied to every endpoint
	 * @param cursorStore where cursors are kept
	 * @param deadLetterHandler takes responses the dead-letter policy gives up on
	 */
	public PropertiesLongPollEndpointFactory(Binder binder, Set<String> configuredIds, JsonMapper mapper,
			List<LongPollEndpointCustomizer> customizers, CursorStore cursorStore,
			@Nullable DeadLetterHandler deadLetterHandler) {
		this(binder, configuredIds, (id, target) -> binder.bind("longpoll.listeners." + id, target), mapper,
				customizers, cursorStore, deadLetterHandler);
	}

	/**
	 * Create a factory that binds each listener's section from that section's property
	 * names only, however many sections there are.
	 * @param sections the sections under {@code longpoll.listeners}
	 * @param mapper parses bodies
	 * @param customizers applied to every endpoint
	 * @param cursorStore where cursors are kept
	 * @param deadLetterHandler takes responses the dead-letter policy gives up on
	 */
	PropertiesLongPollEndpointFactory(ListenerSections sections, JsonMapper mapper,
			List<LongPollEndpointCustomizer> customizers, CursorStore cursorStore,
			@Nullable DeadLetterHandler deadLetterHandler) {
		this(sections.binder(), sections.ids(), sections::bind, mapper, customizers, cursorStore, deadLetterHandler);
	}

	private PropertiesLongPollEndpointFactory(Binder binder, Set<String> configuredIds,
			BiConsumer<String, Bindable<LongPollListenerProperties>> sectionBinding, JsonMapper mapper,
			List<LongPollEndpointCustomizer> customizers, CursorStore cursorStore,
			@Nullable DeadLetterHandler deadLetterHandler) {
		this.binder = binder;
		this.configuredIds = Set.copyOf(configuredIds);
		this.sectionBinding = sectionBinding;
		this.mapper = mapper;
		this.customizers = List.copyOf(customizers);
		this.cursorStore = cursorStore;
		this.deadLetterHandler = deadLetterHandler;
	}

	@Override
	public LongPollEndpoint.Builder builder(String id, String source) {
		LongPollEndpoint.validateId(id);
		LongPollListenerProperties properties = bind(id, source);
		String prefix = "longpoll.listeners." + id + ".";
		LongPollEndpoint.Builder builder = LongPollEndpoint.builder(id).source(source);
		PropertyMapper map = PropertyMapper.get();
		map.from(properties.getUrl()).when(StringUtils::hasText).to(builder::url);
		map.from(properties.getMethod()).to(builder::method);
		map.from(properties.getBody()).to(builder::body);
		properties.getHeaders().forEach(builder::header);
		map.from(properties.getTimeout()).to(builder::timeout);
		map.from(properties.getHold()).to(builder::hold);
		builder.holdHint(holdHint(properties.getHoldHint()));
		HttpProtocol protocol = (properties.getProtocol() != null) ? properties.getProtocol() : defaultProtocol(source);
		builder.clientOptions(new ClientOptions(properties.getConnectTimeout(), properties.getSslBundle(),
				properties.isFollowRedirects(), proxy(properties.getProxy(), source, prefix), protocol));
		builder.maxBodySize((int) Math.min(Integer.MAX_VALUE - 8, properties.getMaxBodySize().toBytes()));
		map.from(properties.getMinEmptyPollInterval()).to(builder::minEmptyPollInterval);
		builder.statuses(new ResponseStatuses(statuses(properties.getIdleStatuses()),
				statuses(properties.getFatalStatuses()), statuses(properties.getThrottleStatuses()),
				properties.getMaxRetryAfter()));
		builder.serverEndsHold(properties.isServerEndsHold());
		LongPollBackoffProperties backoff = properties.getBackoff();
		builder.backOff(LongPollDefaults.backOff(backoff.getInitialInterval(), backoff.getMultiplier(),
				backoff.getMaxInterval(), backoff.getJitter(), backoff.getMaxAttempts()));
		String payloadPointer = pointer(properties.getPayloadPointer(), source, prefix + "payload-pointer");
		builder.payload(new PayloadSelector(payloadPointer, this.mapper));
		applyCursor(properties.getCursor(), builder, payloadPointer, source, prefix);
		builder.autoStartup(properties.isAutoStartup());
		builder.prefetch(properties.getPrefetch());
		builder.errorPolicy(new ErrorPolicy(properties.getErrorPolicy().getAction(),
				properties.getErrorPolicy().getMaxRetries()));
		builder.deadLetterHandler(this.deadLetterHandler);
		return builder;
	}

	/**
	 * One shared set per distinct list of statuses: thousands of listeners with the
	 * default statuses share the same few sets.
	 */
	private Set<Integer> statuses(List<Integer> statuses) {
		return this.statusSets.computeIfAbsent(List.copyOf(statuses), Set::copyOf);
	}

	@Override
	public LongPollEndpoint create(LongPollEndpoint.Builder builder) {
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * {@code longpoll.http.protocol}, bound once.
	 */
	private HttpProtocol defaultProtocol(String source) {
		HttpProtocol protocol = this.defaultProtocol;
		if (protocol == null) {
			try {
				protocol = this.binder.bind("longpoll.http.protocol", HttpProtocol.class).orElse(HttpProtocol.HTTP1);
			}
			catch (BindException ex) {
				throw new ListenerConfigurationException(source,
						"invalid property 'longpoll.http.protocol': " + ex.getCause().getMessage(),
						"set it to 'http1', 'h2c' or 'h2'", ex);
			}
			this.defaultProtocol = protocol;
		}
		return protocol;
	}

	/**
	 * The settings of a listener: {@code longpoll.defaults}, bound once for all listeners,
	 * and for a listener with a section of its own, {@code longpoll.listeners.<id>} bound
	 * over a deep copy of them. Each binding costs about a millisecond, a lot for thousands
	 * of listeners; listeners without a section share the defaults, which they only read.
	 */
	private LongPollListenerProperties bind(String id, String source) {
		try {
			LongPollListenerProperties defaults = defaults();
			if (!this.configuredIds.contains(id)) {
				return defaults;
			}
			LongPollListenerProperties properties = defaults.copy();
			this.sectionBinding.accept(id, Bindable.ofInstance(properties));
			return properties;
		}
		catch (BindException ex) {
			ConfigurationProperty property = ex.getProperty();
			String what = (property != null) ? "'" + property.getName() + "' ('" + property.getValue() + "')"
					: "'" + ex.getName() + "'";
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			throw new ListenerConfigurationException(source, "invalid property " + what + ": " + cause.getMessage(),
					"fix the value (durations look like '30s', '500ms' or 'PT30S')", ex);
		}
	}

	/**
	 * {@code longpoll.defaults}, bound on first use; never changed afterwards (a listener
	 * with a section of its own gets a copy).
	 */
	private LongPollListenerProperties defaults() {
		LongPollListenerProperties defaults = this.defaults;
		if (defaults == null) {
			defaults = new LongPollListenerProperties();
			this.binder.bind("longpoll.defaults", Bindable.ofInstance(defaults));
			this.defaults = defaults;
		}
		return defaults;
	}

	private static @Nullable HoldHint holdHint(HoldHintProperties properties) {
		if (!StringUtils.hasText(properties.getParameter())) {
			return null;
		}
		return new HoldHint(properties.getParameter(), properties.getDuration(), properties.getJitter(),
				properties.getFormat());
	}

	private void applyCursor(LongPollCursorProperties cursor, LongPollEndpoint.Builder builder,
			@Nullable String payloadPointer, String source, String prefix) {
		DeclarativeCursorStrategy.Source from = new DeclarativeCursorStrategy.Source(blankToNull(cursor.getFromHeader()),
				pointer(cursor.getFromBody(), source, prefix + "cursor.from-body"),
				(payloadPointer != null) ? payloadPointer : "",
				pointer(cursor.getFromLastElement(), source, prefix + "cursor.from-last-element"), cursor.getIncrement());
		DeclarativeCursorStrategy.Target to = new DeclarativeCursorStrategy.Target(
				blankToNull(cursor.getQueryParameter()), blankToNull(cursor.getRequestHeader()));
		if (!from.isEmpty() || !to.isEmpty()) {
			builder.cursorStrategy(new DeclarativeCursorStrategy(from, to, this.mapper));
		}
		builder.initialCursor(blankToNull(cursor.getInitial()));
		Map<String, String> echo = new HashMap<>(cursor.getEchoHeaders());
		if (cursor.isEtag()) {
			echo.put("ETag", "If-None-Match");
		}
		if (cursor.isLastModified()) {
			echo.put("Last-Modified", "If-Modified-Since");
		}
		builder.headerEcho(new HeaderEcho(Map.copyOf(echo)));
		builder.cursorStore(this.cursorStore);
		builder.cursorRecovery(new CursorRecovery(statuses(cursor.getGoneStatuses()),
				goneBody(cursor.getGoneBody(), source, prefix), cursor.getOnGone(), cursor.getOnRegression()));
		builder.idleWhenUnchanged(cursor.isIdleWhenUnchanged());
	}

	private static ProxyOptions proxy(LongPollListenerProperties.ProxyProperties proxy, String source, String prefix) {
		ProxyOptions.Type type = proxy.getType();
		if (type == ProxyOptions.Type.SYSTEM || type == ProxyOptions.Type.NONE) {
			return (type == ProxyOptions.Type.SYSTEM) ? ProxyOptions.system()
					: new ProxyOptions(type, null, 0, null, null, null);
		}
		if (!StringUtils.hasText(proxy.getHost()) || proxy.getPort() == null) {
			throw new ListenerConfigurationException(source,
					"the proxy type is '" + type.name().toLowerCase(java.util.Locale.ROOT) + "' but its host or port is missing",
					"set '" + prefix + "proxy.host' and '" + prefix + "proxy.port' (or 'longpoll.defaults.proxy.*')");
		}
		return new ProxyOptions(type, proxy.getHost(), proxy.getPort(), blankToNull(proxy.getUsername()),
				proxy.getPassword(), blankToNull(proxy.getNonProxyHosts()));
	}

	private @Nullable GoneBody goneBody(LongPollCursorProperties.GoneBody properties, String source, String prefix) {
		String pointer = pointer(properties.getPointer(), source, prefix + "cursor.gone-body.pointer");
		if (properties.getStatuses().isEmpty() && pointer == null) {
			return null;
		}
		if (properties.getStatuses().isEmpty() || pointer == null) {
			throw new ListenerConfigurationException(source, "only one of 'cursor.gone-body.statuses' and"
					+ " 'cursor.gone-body.pointer' is set", "set both '" + prefix + "cursor.gone-body.statuses' and '"
							+ prefix + "cursor.gone-body.pointer', or neither");
		}
		return new GoneBody(statuses(properties.getStatuses()), pointer, Set.copyOf(properties.getValues()));
	}

	private static @Nullable String pointer(@Nullable String pointer, String source, String property) {
		if (!StringUtils.hasText(pointer)) {
			return null;
		}
		try {
			JsonPointer.compile(pointer);
			return pointer;
		}
		catch (RuntimeException ex) {
			throw new ListenerConfigurationException(source, "'" + property + "' ('" + pointer + "') is not a JSON pointer",
					"write it like '/events' or '/data/0/id'", ex);
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

}
