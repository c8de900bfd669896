package dev.longpoll.bench;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A few SVG elements written as text, no library: an opaque white canvas with dark text, so
 * that a chart reads the same on GitHub's light and dark themes.
 */
final class Svg {

	static final String TEXT = "#1f2328";

	static final String MUTED = "#57606a";

	static final String GRID = "#d8dee4";

	private static final String FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

	private final StringBuilder out = new StringBuilder();

	/**
	 * Start a drawing: its title (for screen readers too) and the white background.
	 * @param width the width in pixels
	 * @param height the height in pixels
	 * @param title the title
	 */
	Svg(int width, int height, String title) {
		this.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		this.out.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
						+ "role=\"img\" font-family=\"%s\" fill=\"%s\">%n",
				width, height, width, height, escape(FONT), TEXT));
		add("title", title);
		add("rect", null, "class", "background", "x", 0, "y", 0, "width", width, "height", height, "fill",
				"#ffffff");
	}

	/**
	 * Add an element.
	 * @param element its name
	 * @param text its text content, or {@code null} for an empty element
	 * @param attributes names and values, alternately; numbers are written with one decimal
	 * @return this drawing
	 */
	Svg add(String element, @Nullable String text, Object... attributes) {
		this.out.append('<').append(element);
		for (int i = 0; i + 1 < attributes.length; i += 2) {
			this.out.append(' ').append(attributes[i]).append("=\"").append(value(attributes[i + 1])).append('"');
		}
		if (text == null) {
			this.out.append("/>\n");
		}
		else {
			this.out.append('>').append(escape(text)).append("</").append(element).append(">\n");
		}
		return this;
	}

	/**
	 * Add a text.
	 * @param x where it is anchored
	 * @param y its baseline
	 * @param text the text
	 * @param size the font size
	 * @param anchor {@code start}, {@code middle} or {@code end}
	 * @param more further attributes, names and values alternately
	 * @return this drawing
	 */
	Svg text(double x, double y, String text, double size, String anchor, Object... more) {
		Object[] attributes = new Object[8 + more.length];
		Object[] base = { "x", x, "y", y, "font-size", size, "text-anchor", anchor };
		System.arraycopy(base, 0, attributes, 0, base.length);
		System.arraycopy(more, 0, attributes, base.length, more.length);
		return add("text", text, attributes);
	}

	Svg line(double x1, double y1, double x2, double y2, String stroke, double width) {
		return add("line", null, "x1", x1, "y1", y1, "x2", x2, "y2", y2, "stroke", stroke, "stroke-width", width);
	}

	/**
	 * Add a polyline through points.
	 * @param points x and y of each point
	 * @param stroke its colour
	 * @param series the series it draws (its {@code data-series} attribute)
	 * @return this drawing
	 */
	Svg polyline(List<double[]> points, String stroke, String series) {
		StringBuilder coordinates = new StringBuilder();
		for (double[] point : points) {
			coordinates.append(coordinates.isEmpty() ? "" : " ").append(value(point[0])).append(',')
				.append(value(point[1]));
		}
		return add("polyline", null, "class", "series", "data-series", series, "points", coordinates, "fill", "none",
				"stroke", stroke, "stroke-width", 2.5, "stroke-linejoin", "round");
	}

	/**
	 * Close the drawing.
	 * @return the SVG document
	 */
	String end() {
		return this.out + "</svg>\n";
	}

	/**
	 * A rough width of a text in the default sans-serif font, to lay out legends.
	 * @param text the text
	 * @param size the font size
	 * @return the width in pixels
	 */
	static double width(String text, double size) {
		return text.length() * size * 0.6;
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
			.replace("'", "&apos;");
	}

	private static String value(Object value) {
		if (value instanceof Double || value instanceof Float) {
			String text = String.format(Locale.ROOT, "%.1f", ((Number) value).doubleValue());
			return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
		}
		return escape(String.valueOf(value));
	}

}
