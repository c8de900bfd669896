/**
 * Spring application events about listeners.
 */
@NullMarked
package dev.longpoll.event;

import org.jspecify.annotations.NullMarked;
