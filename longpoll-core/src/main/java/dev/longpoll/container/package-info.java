/**
 * The loop of each listener, its lifecycle, the registry that owns every loop, and the observer seam that metrics, health and logs plug into.
 */
@NullMarked
package dev.longpoll.container;

import org.jspecify.annotations.NullMarked;
