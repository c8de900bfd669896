/**
 * Auto-configuration of long-poll listeners and the {@code longpoll.*} properties.
 */
@NullMarked
package dev.longpoll.autoconfigure;

import org.jspecify.annotations.NullMarked;
